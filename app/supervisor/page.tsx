import { requirePageUser } from "@/lib/auth/require-page-user";
import { countStudiesByState } from "@/lib/studies/list-studies";

const STATES = ["NEW", "PRE_ANNOTATED", "IN_REVIEW", "ADJUDICATION", "SIGNED"] as const;

export default async function SupervisorPage() {
  await requirePageUser("stats:read", "/supervisor");
  const counts = await countStudiesByState();
  return (
    <main className="page">
      <h1>Supervision</h1>
      <div className="stat-grid" data-testid="state-counts">
        {STATES.map((state) => (
          <div className="stat" key={state}>
            <div className="muted">{state.toLowerCase().replace("_", " ")}</div>
            <div className="n">{counts[state] ?? 0}</div>
          </div>
        ))}
      </div>
    </main>
  );
}
