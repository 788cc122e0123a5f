import { apiRoute, parseJsonBody } from "@/lib/http/api-route";
import { updateUser } from "@/lib/users/manage-users";
import { ZUpdateUserInput } from "@/lib/users/schemas";

export const PATCH = apiRoute<{ userId: string }>("users:manage", async ({ user, params, request }) => {
  const input = await parseJsonBody(request, ZUpdateUserInput);
  return { user: await updateUser({ userId: params.userId, input, actorId: user.id }) };
});
