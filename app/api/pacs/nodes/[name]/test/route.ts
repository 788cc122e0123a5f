import { apiRoute } from "@/lib/http/api-route";
import { testPacsNode } from "@/lib/pacs/dicomweb";
import { loadPacsNode } from "@/lib/pacs/pacs-nodes";

export const POST = apiRoute<{ name: string }>("pacs:manage", async ({ params }) => ({ ...(await testPacsNode(await loadPacsNode(decodeURIComponent(params.name)))) }));
