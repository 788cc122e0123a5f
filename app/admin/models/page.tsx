import { requirePageUser } from "@/lib/auth/require-page-user";
import { listModelVersions, shadowAgreement } from "@/lib/models";
import { headlineFigures } from "@/lib/models/headline-figures";
import { ModelsAdmin, type TShadowView, type TTaskView } from "./models-admin";

export default async function ModelsPage() {
  await requirePageUser("system:manage", "/admin/models");
  const tasks = await listModelVersions();
  const shadows = new Map<string, TShadowView>();
  for (const v of tasks.flatMap((t) => t.versions).filter((v) => v.shadow)) {
    const a = await shadowAgreement(v.id);
    const acc = a.shadow.summary.classification;
    shadows.set(v.id, {
      runs: a.runs,
      signedStudies: a.signedStudies,
      shadow: { value: acc.accuracy, n: acc.n, ci: acc.ci, kappa: a.shadow.kappa.kappa },
      live: { value: a.live.levelAccuracy.value, n: a.live.levelAccuracy.n, ci: a.live.levelAccuracy.ci, kappa: a.live.kappa.kappa },
    });
  }
  const view: TTaskView[] = tasks.map((t) => ({
    task: t.task,
    rollbackTo: t.rollbackTo,
    comparisons: t.comparisons,
    versions: t.versions.map((v) => ({
      id: v.id,
      name: `${v.modelId}@${v.version}`,
      sha256: v.sha256,
      active: v.active,
      shadow: shadows.get(v.id) ?? null,
      demo: v.demo,
      registeredAt: v.registeredAt.toISOString().slice(0, 16).replace("T", " "),
      registeredBy: v.registeredBy,
      dataset: v.dataset,
      training: summariseTraining(v.training),
      figures: headlineFigures(v.metrics),
      card: v.card,
    })),
  }));
  return (
    <main className="page">
      <h1>Models</h1>
      <p className="muted">
        Every registered model version by task. The pipeline runs the active version of each task (chosen here or with <code>discern models</code>); workers pick up a change before their next study. Register new versions with{" "}
        <code>discern models register &lt;dir&gt;</code>; compare them first with <code>discern eval --dataset &lt;name@version&gt; --models &lt;a&gt;,&lt;b&gt;</code>.
      </p>
      <ModelsAdmin initialTasks={view} />
    </main>
  );
}

/** "239 studies, 20 epochs, phantoms 1000-1115" from a manifest's training block. */
function summariseTraining(training: Record<string, unknown> | null): string {
  if (!training) return "";
  const parts: string[] = [];
  if (typeof training.studies === "number") parts.push(`${training.studies} studies`);
  if (typeof training.epochs === "number") parts.push(`${training.epochs} epochs`);
  const sources = training.sources as { note?: unknown; exports?: unknown } | undefined;
  if (sources && Array.isArray(sources.exports) && sources.exports.length > 0) parts.push(`exports ${sources.exports.join(", ")}`);
  else if (sources && typeof sources.note === "string") parts.push(sources.note);
  return parts.join(", ");
}
