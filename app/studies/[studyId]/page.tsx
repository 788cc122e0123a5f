import { preload } from "react-dom";
import { requirePageUser } from "@/lib/auth/require-page-user";
import { can } from "@/lib/auth/roles";
import { isAppError } from "@/lib/errors/app-error";
import { studyView, type TStudyView } from "@/lib/review";
import { ReportLinks } from "@/components/report-links";
import { PacsPushes } from "@/components/pacs-pushes";
import { listPacsNodes } from "@/lib/pacs/pacs-nodes";
import { listPacsPushes } from "@/lib/pacs/push-results";
import { listReports } from "@/lib/report/stored-reports";
import { ViewerLoader } from "@/components/viewer/viewer-loader";
import { frameUrl, openingImages } from "@/components/viewer/first-frames";

export default async function StudyPage({ params }: { params: Promise<{ studyId: string }> }) {
  const { studyId } = await params;
  const user = await requirePageUser("study:read", `/studies/${encodeURIComponent(studyId)}`);
  // Viewing never claims a study (issue 12.1): a reading starts only with the viewer's Start
  // button or hotkey (POST /api/studies/:id/reading) or by a supervisor's assignment.
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
  // The two opening frames start downloading with the page, not after the viewer's scripts have
  // loaded and mounted (crossOrigin "anonymous" is fetch()'s default mode, so the frame cache's
  // fetch takes over the preloaded response).
  for (const image of openingImages(view)) preload(frameUrl(image), { as: "fetch", crossOrigin: "anonymous" });
  // Stored reports show once the study has any (an amendment in progress keeps the signed one available).
  const reports = can(user.role, "report:read") ? await listReports(view.study.id) : [];
  // Signed results sent to PACS nodes (lib/pacs), shown with the reports.
  const pushes = reports.length > 0 ? await listPacsPushes(view.study.id) : [];
  const pacsNodes = reports.length > 0 && can(user.role, "pacs:push") ? (await listPacsNodes()).map((n) => n.name) : [];
  return (
    <main>
      {reports.length > 0 && <ReportLinks studyId={view.study.id} reports={reports} />}
      {reports.length > 0 && (pushes.length > 0 || pacsNodes.length > 0) && <PacsPushes studyId={view.study.id} initial={pushes} nodes={pacsNodes} canPush={can(user.role, "pacs:push")} />}
      <ViewerLoader view={view} userId={user.id} />
    </main>
  );
}
