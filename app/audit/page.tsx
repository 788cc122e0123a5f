import { requirePageUser } from "@/lib/auth/require-page-user";
import { AUDIT_EVENT_TYPES, auditLog, parseAuditFilters, type TAuditRow } from "@/lib/audit/audit-log";
import { db } from "@/lib/db/client";
import { isAppError } from "@/lib/errors/app-error";

type TSearch = Record<string, string | string[] | undefined>;

function toParams(search: TSearch): URLSearchParams {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(search)) {
    const value = Array.isArray(v) ? v[0] : v;
    if (value) params.set(k, value);
  }
  return params;
}

/** The audit log for supervisors and admins (issue 12.6): filter by study, user, event type and date; CSV export. */
export default async function AuditPage({ searchParams }: { searchParams: Promise<TSearch> }) {
  const user = await requirePageUser("audit:read", "/audit");
  const params = toParams(await searchParams);
  let rows: TAuditRow[] = [];
  let error: string | null = null;
  try {
    rows = await auditLog(user, parseAuditFilters(params));
  } catch (e) {
    if (!isAppError(e)) throw e;
    error = e.userMessage;
  }
  const users = await db().user.findMany({ orderBy: { name: "asc" }, select: { id: true, name: true } });
  const value = (key: string) => params.get(key) ?? "";
  return (
    <main className="page">
      <h1>Audit log</h1>
      <form method="get" className="filters" aria-label="Audit filters">
        <label>
          Event
          <select name="type" defaultValue={value("type")}>
            <option value="">any</option>
            {AUDIT_EVENT_TYPES.map((t) => <option key={t} value={t}>{t}</option>)}
          </select>
        </label>
        <label>
          User
          <select name="userId" defaultValue={value("userId")}>
            <option value="">anyone</option>
            {users.map((u) => <option key={u.id} value={u.id}>{u.name}</option>)}
          </select>
        </label>
        <label>
          Study id
          <input name="studyId" defaultValue={value("studyId")} maxLength={64} />
        </label>
        <label>
          From
          <input type="date" name="from" defaultValue={value("from")} />
        </label>
        <label>
          To
          <input type="date" name="to" defaultValue={value("to")} />
        </label>
        <button type="submit">Filter</button>
        <a href={`/api/audit/csv?${params.toString()}`} download data-testid="audit-csv">Export CSV</a>
      </form>
      {error ? <p role="alert" className="error">{error}</p> : null}
      <p className="muted">{rows.length} events, newest first{rows.length >= 500 ? " (the first 500; narrow the filters to see older ones)" : ""}.</p>
      <table data-testid="audit-table">
        <thead>
          <tr>
            <th scope="col">Time (UTC)</th>
            <th scope="col">Event</th>
            <th scope="col">User</th>
            <th scope="col">Study</th>
            <th scope="col">Details</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id}>
              <td>{r.createdAt.replace("T", " ").slice(0, 19)}</td>
              <td>{r.type}</td>
              <td>{r.actorName ?? "system"}</td>
              <td>{r.studyId ? <a href={`/studies/${encodeURIComponent(r.studyId)}`}>{r.studyInstanceUid ?? r.studyId}</a> : "—"}</td>
              <td><code>{JSON.stringify(r.payload)}</code></td>
            </tr>
          ))}
        </tbody>
      </table>
    </main>
  );
}
