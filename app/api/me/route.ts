import { apiRoute } from "@/lib/http/api-route";

/** The logged-in user (any role). */
export const GET = apiRoute(null, async ({ user }) => ({ user }));
