import { apiRoute, parseJsonBody } from "@/lib/http/api-route";
import { createUser, listUsers } from "@/lib/users/manage-users";
import { ZCreateUserInput } from "@/lib/users/schemas";

export const GET = apiRoute("users:manage", async () => ({ users: await listUsers() }));

export const POST = apiRoute("users:manage", async ({ user, request }) => {
  const input = await parseJsonBody(request, ZCreateUserInput);
  return Response.json({ user: await createUser({ input, actorId: user.id }) }, { status: 201 });
});
