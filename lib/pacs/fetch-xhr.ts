/**
 * The part of XMLHttpRequest that `dicomweb-client` uses, over Node's fetch. dicomweb-client
 * (the maintained DICOMweb client OHIF uses) is written for browsers and creates an
 * XMLHttpRequest per call unless it is handed one (`request.instance`); Node 20 has fetch but no
 * XMLHttpRequest, so every call discern makes passes a `FetchXhr`. No global is installed.
 *
 * Supported: open(method, url), setRequestHeader, responseType ("" | "json" | "arraybuffer" |
 * "text"), send(body), readyState 4 with status, response, getResponseHeader,
 * getAllResponseHeaders, onreadystatechange, onprogress (once, at the end). A request longer
 * than `timeoutMs` is aborted and ends with status 0 (dicomweb-client then rejects).
 */
export class FetchXhr {
  readyState = 0;
  status = 0;
  statusText = "";
  response: unknown = null;
  responseType: "" | "json" | "arraybuffer" | "text" = "";
  withCredentials = false;
  onreadystatechange: (() => void) | null = null;
  onprogress: ((event: { loaded: number; total: number; lengthComputable: boolean }) => void) | null = null;
  onloadstart: (() => void) | null = null;
  onloadend: (() => void) | null = null;
  /** The failure behind status 0 (timeout, refused connection), for the caller's message. */
  networkError: Error | null = null;
  private method = "GET";
  private url = "";
  private readonly headers = new Headers();
  private responseHeaders = new Headers();

  constructor(private readonly timeoutMs: number) {}

  open(method: string, url: string): void {
    this.method = method;
    this.url = url;
    this.readyState = 1;
  }

  setRequestHeader(name: string, value: string): void {
    this.headers.set(name, value);
  }

  getResponseHeader(name: string): string | null {
    return this.responseHeaders.get(name);
  }

  getAllResponseHeaders(): string {
    return [...this.responseHeaders.entries()].map(([k, v]) => `${k}: ${v}`).join("\r\n");
  }

  send(body?: ArrayBuffer | Uint8Array | string | null): void {
    void this.run(body ?? undefined);
  }

  private async run(body: ArrayBuffer | Uint8Array | string | undefined): Promise<void> {
    this.onloadstart?.();
    try {
      const res = await fetch(this.url, { method: this.method, headers: this.headers, body: typeof body === "string" || body === undefined ? body : new Uint8Array(body), signal: AbortSignal.timeout(this.timeoutMs) });
      const bytes = await res.arrayBuffer();
      this.status = res.status;
      this.statusText = res.statusText;
      this.responseHeaders = res.headers;
      this.response = this.decode(bytes);
      this.onprogress?.({ loaded: bytes.byteLength, total: bytes.byteLength, lengthComputable: true });
    } catch (error) {
      this.status = 0;
      this.networkError = error instanceof Error ? error : new Error(String(error));
    }
    this.readyState = 4;
    this.onreadystatechange?.();
    this.onloadend?.();
  }

  private decode(bytes: ArrayBuffer): unknown {
    if (this.responseType === "arraybuffer") return bytes;
    const text = new TextDecoder().decode(bytes);
    if (this.responseType === "json") {
      if (text.trim() === "") return null;
      try {
        return JSON.parse(text) as unknown;
      } catch {
        return null;
      }
    }
    return text;
  }
}
