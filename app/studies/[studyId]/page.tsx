import { preload } from "react-dom";
import { requirePageUser } from "@/lib/auth/require-page-user";
import { can } from "@/lib/auth/roles";
import { isAppError } from "@/lib/errors/app-error";
import { openReading, studyView, type TStudyView } from "@/lib/review";
import { ReportLinks } from "@/components/report-links";
import { ViewerLoader } from "@/components/viewer/viewer-loader";

export default async function StudyPage({ params }: { params: Promise<{ studyId: string }> }) {
  const { studyId } = await params;
  const user = await requirePageUser("study:read", `/studies/${encodeURIComponent(studyId)}`);
  // Opening a study takes it into the reader's own reading (single-reading design); a signed or
  // missing study simply opens read-only / not found below.
  if (can(user.role, "annotation:edit")) {
    await openReading({ studyId, userId: user.id, userRole: user.role }).catch((error: unknown) => {
      if (!isAppError(error)) throw error;
    });
  }
  let view: TStudyView;
  try {
    view = await studyView({ studyId, user });
  } catch (error) {
    if (isAppError(error) && error.code === "NOT_FOUND") {
      return (
        <main className="page">
          <h1>Study not found</h1>
          <p className="muted">This study does not exist. <a href="/worklist">Back to the worklist</a>.</p>
        </main>
      );
    }
    throw error;
  }
  return (
    <main>
      {view.study.reviewState === "SIGNED" && can(user.role, "report:read") && <ReportLinks studyId={view.study.id} />}
      <ViewerLoader view={view} />
    </main>
  );
}
