import { apiRoute } from "@/lib/http/api-route";
import { listStudies } from "@/lib/studies/list-studies";

export const GET = apiRoute("study:read", async () => ({ studies: await listStudies() }));
