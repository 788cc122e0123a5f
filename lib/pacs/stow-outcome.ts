/**
 * Reads a STOW-RS response (PS3.18 10.5.3, Store Instances Response Module, DICOM JSON): which of
 * the SOP Instance UIDs sent the origin server stored (Referenced SOP Sequence, 0008,1199) and
 * which it refused (Failed SOP Sequence, 0008,1198, with Failure Reason 0008,1197). A 200 or 202
 * with failures listed is not a success. A body that is not DICOM JSON (some servers answer
 * nothing on 200) counts as all stored. Pure.
 */
export function stowOutcome(body: unknown, sent: string[]): { stored: string[]; failed: Array<{ sopInstanceUid: string; reason: number | null }> } {
  let json: unknown = body;
  if (typeof body === "string") {
    try {
      json = body.trim() ? (JSON.parse(body) as unknown) : null;
    } catch {
      json = null;
    }
  }
  const dataset = (Array.isArray(json) ? json[0] : json) as Record<string, { Value?: Array<Record<string, { Value?: unknown[] }>> }> | null | undefined;
  if (!dataset || typeof dataset !== "object") return { stored: [...sent], failed: [] };
  const uidOf = (item: Record<string, { Value?: unknown[] }>) => String(item["00081155"]?.Value?.[0] ?? "");
  const failed = (dataset["00081198"]?.Value ?? []).map((item) => ({ sopInstanceUid: uidOf(item), reason: typeof item["00081197"]?.Value?.[0] === "number" ? (item["00081197"]!.Value![0] as number) : null }));
  const referenced = (dataset["00081199"]?.Value ?? []).map(uidOf);
  const failedUids = new Set(failed.map((f) => f.sopInstanceUid));
  const stored = referenced.length > 0 ? sent.filter((uid) => referenced.includes(uid)) : sent.filter((uid) => !failedUids.has(uid));
  return { stored, failed };
}
