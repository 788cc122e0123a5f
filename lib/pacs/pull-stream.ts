import { toAppError } from "../errors/app-error";
import { logError } from "../log";
import { afterStudyImported } from "../studies/after-study-imported";
import { loadPacsNode } from "./pacs-nodes";
import { pullStudy, type TPullProgress, type TPullRequest, type TPullResult } from "./pull-study";

/** One line of the pull's NDJSON answer. */
export type TPullStreamLine = { progress: TPullProgress } | { result: TPullResult } | { error: { code: string; message: string } };

const PROGRESS_EVERY_MS = 250;

/**
 * The "Retrieve" of the Find in PACS page: runs pullStudy (which queues the pipeline when it
 * added instances) and answers application/x-ndjson, one `{progress}` line at most every 250 ms
 * while instances arrive, then one `{result}` (discern.pacs-pull/v1) or one `{error}` line with
 * the failure's sentence. An unknown node is refused before the stream starts (404). If the page
 * goes away, the pull still finishes; a later Retrieve fetches only what is missing.
 */
export async function pullAsNdjson(request: TPullRequest, actorId: string): Promise<Response> {
  await loadPacsNode(request.node);
  const encoder = new TextEncoder();
  let last = 0;
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      const send = (line: TPullStreamLine) => {
        try {
          controller.enqueue(encoder.encode(`${JSON.stringify(line)}\n`));
        } catch {
          // The client went away; the pull goes on.
        }
      };
      void pullStudy(request, {
        actorId,
        via: "web",
        afterStudyImported,
        onProgress: (progress) => {
          if (Date.now() - last < PROGRESS_EVERY_MS) return;
          last = Date.now();
          send({ progress });
        },
      })
        .then((result) => send({ result }))
        .catch((error: unknown) => {
          const appError = toAppError(error);
          if (appError.status >= 500 && appError.code !== "PEER_FAILED") logError("pacs: pull", appError);
          send({ error: { code: appError.code, message: appError.code === "INTERNAL" ? "The retrieve failed on the server." : appError.userMessage } });
        })
        .finally(() => {
          try {
            controller.close();
          } catch {
            // already closed by a client that went away
          }
        });
    },
  });
  return new Response(stream, { headers: { "Content-Type": "application/x-ndjson", "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff" } });
}
