import type { PacsNode } from "@prisma/client";
import { api } from "dicomweb-client";
import { AppError } from "../errors/app-error";
import { FetchXhr } from "./fetch-xhr";
import { openSecret } from "./secret-box";

/** A DICOM JSON dataset (PS3.18 F.2): tag "GGGGEEEE" → { vr, Value }. */
export type TDicomJson = Record<string, { vr: string; Value?: unknown[] } | undefined>;

type TReq = { instance: XMLHttpRequest };
/**
 * The calls discern makes, typed as they behave: dicomweb-client 0.11's generated .d.ts declares
 * the search methods as returning arrays synchronously and without the `request` option, which
 * the JavaScript takes and which resolves asynchronously (build/dicomweb-client.es.js).
 */
export interface TDicomwebCalls {
  searchForStudies(o: { queryParams?: Record<string, string | number>; request: TReq }): Promise<TDicomJson[]>;
  searchForSeries(o: { studyInstanceUID: string; queryParams?: Record<string, string | number>; request: TReq }): Promise<TDicomJson[]>;
  searchForInstances(o: { studyInstanceUID: string; seriesInstanceUID?: string; queryParams?: Record<string, string | number>; request: TReq }): Promise<TDicomJson[]>;
  retrieveInstance(o: { studyInstanceUID: string; seriesInstanceUID: string; sopInstanceUID: string; request: TReq }): Promise<ArrayBuffer>;
  storeInstances(o: { datasets: ArrayBuffer[]; studyInstanceUID?: string; request: TReq }): Promise<unknown>;
}

/**
 * A DICOMweb client for one node: `dicomweb-client`'s DICOMwebClient with the node's URL and
 * Authorization header, and a fresh FetchXhr (Node has no XMLHttpRequest) with the node's timeout
 * for every call. `call` turns the library's rejections into one AppError sentence.
 */
export interface TNodeClient {
  client: TDicomwebCalls;
  /** The `request` option of one call (dicomweb-client's Request). */
  request: () => { instance: XMLHttpRequest };
  call: <T>(what: string, run: () => Promise<T>) => Promise<T>;
}

/** The Authorization header value of a node (decrypts its secret), or null for NONE. */
export function authorizationOf(node: Pick<PacsNode, "authKind" | "username" | "secretCipher">): string | null {
  if (node.authKind === "NONE" || !node.secretCipher) return null;
  const secret = openSecret(node.secretCipher);
  if (node.authKind === "BEARER") return `Bearer ${secret}`;
  return `Basic ${Buffer.from(`${node.username ?? ""}:${secret}`, "utf8").toString("base64")}`;
}

const DICOM_PARTS = 'multipart/related; type="application/dicom"';

/**
 * Retrievals ask for `transfer-syntax=*`: the PACS sends each instance in the transfer syntax it
 * holds (PS3.18 8.7.3.5.2), no transcoding; discern's import decodes the usual codecs and stores
 * the PACS's own bytes. Set in a request hook because dicomweb-client 0.11.3's retrieveInstance
 * refuses every explicit `mediaTypes` (its _getCommonMediaType compares "application/" with
 * "application/dicom"). The hook runs after the library's headers, before send.
 */
function asStoredHook(request: XMLHttpRequest, metadata: { headers: Record<string, string> }): XMLHttpRequest {
  if (metadata.headers.Accept === DICOM_PARTS) request.setRequestHeader("Accept", `${DICOM_PARTS}; transfer-syntax=*`);
  return request;
}

export function nodeClient(node: PacsNode): TNodeClient {
  const authorization = authorizationOf(node);
  const client = new api.DICOMwebClient({ url: node.baseUrl, headers: authorization ? { Authorization: authorization } : {}, singlepart: false, verbose: false, requestHooks: [asStoredHook] }) as unknown as TDicomwebCalls;
  let last: FetchXhr | null = null;
  const request = () => {
    last = new FetchXhr(node.timeoutMs);
    return { instance: last as unknown as XMLHttpRequest };
  };
  const call = async <T>(what: string, run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      const status = (error as { status?: number }).status;
      const network = (last as FetchXhr | null)?.networkError;
      const why = status ? `answered HTTP ${status}` : network?.name === "TimeoutError" ? `did not answer within ${node.timeoutMs / 1000} s` : "could not be reached";
      throw new AppError("PEER_FAILED", { userMessage: `The PACS node "${node.name}" ${why} (${what}).`, cause: error, details: { node: node.name, status: status ?? null } });
    }
  };
  return { client, request, call };
}

/** The first value of a DICOM JSON attribute as a string ("" when absent). PN values: Alphabetic. */
export function jsonValue(dataset: TDicomJson, tag: string): string {
  const value = dataset[tag]?.Value?.[0];
  if (value === undefined || value === null) return "";
  if (typeof value === "object") return String((value as { Alphabetic?: string }).Alphabetic ?? "");
  return String(value);
}

/**
 * Checks a node answers QIDO-RS (GET {base}/studies?limit=1) with its credentials; resolves to
 * the round trip in ms. PEER_FAILED with the status or the network failure otherwise.
 */
export async function testPacsNode(node: PacsNode): Promise<{ ms: number }> {
  const { client, request, call } = nodeClient(node);
  const started = performance.now();
  await call("QIDO-RS studies", () => client.searchForStudies({ queryParams: { limit: 1 }, request: request() }));
  return { ms: Math.round(performance.now() - started) };
}
