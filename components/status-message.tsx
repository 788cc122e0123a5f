/** The outcome line of a form or an action (role="status", read out by screen readers): green for ok, red for an error; nothing when there is no message. */
export function StatusMessage({ message }: { message: { ok: boolean; text: string } | null | undefined }) {
  if (!message) return null;
  return (
    <p role="status" className={message.ok ? "ok" : "error"}>
      {message.text}
    </p>
  );
}
