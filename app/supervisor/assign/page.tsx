import Link from "next/link";
import { requirePageUser } from "@/lib/auth/require-page-user";
import { assignmentBoard, assignmentBoardTotal, supervisionOptions } from "@/lib/supervision";
import { AssignmentBoard } from "./assignment-board";

export default async function AssignPage() {
  const user = await requirePageUser("study:assign", "/supervisor/assign");
  const [studies, total, options] = await Promise.all([assignmentBoard(user), assignmentBoardTotal(), supervisionOptions()]);
  return (
    <main className="page">
      <h1>Assign readings</h1>
      <p className="muted">
        Single reading: one reader signs the final label. Blinded double reading: two readers, neither sees the other&apos;s reading or name until both
        have signed; any disagreement (a level&apos;s diagnosis or a vertebra label) sends the study to a third reader for adjudication.
      </p>
      <p>
        <Link href="/supervisor">← Back to the dashboard</Link>
      </p>
      {total > studies.length ? (
        <p className="error" role="status" data-testid="board-truncated">
          The board shows the newest {studies.length} of {total} studies not yet signed; the {total - studies.length} oldest are not listed and the search does not find them.
        </p>
      ) : null}
      <AssignmentBoard studies={studies} readers={options.readers} />
    </main>
  );
}
