/** POSTs JSON; the outcome with the server's one-sentence refusal (AppError's userMessage) when it fails. */
export async function postJson(url: string, body: unknown): Promise<{ ok: boolean; message: string }> {
  const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  if (response.ok) return { ok: true, message: "" };
  const json = (await response.json().catch(() => ({}))) as { error?: { message?: string } };
  return { ok: false, message: json.error?.message ?? `Failed (${response.status}).` };
}
