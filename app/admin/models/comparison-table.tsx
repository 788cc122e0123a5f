import { comparisonRows } from "@/lib/models-compare/format-comparison";
import type { TModelComparison } from "@/lib/models-compare/compare-models";

/** Two versions side by side on a frozen dataset's test split, and the studies whose result changed. */
export function ComparisonTable({ comparison: c }: { comparison: TModelComparison }) {
  const rows = comparisonRows(c);
  return (
    <div className="card">
      <p>
        <strong>
          {c.a.name} vs {c.b.name}
        </strong>{" "}
        on {c.dataset.name} v{c.dataset.version} ({c.dataset.labelSource.toLowerCase()} labels), test split, {c.studies} studies
        {c.failedStudies > 0 ? `, ${c.failedStudies} failed` : ""} · {c.createdAt.slice(0, 16).replace("T", " ")}
      </p>
      <table aria-label={`Comparison of ${c.a.name} and ${c.b.name}`}>
        <thead>
          <tr>
            <th scope="col">Figure (95% interval)</th>
            <th scope="col">{c.a.name}</th>
            <th scope="col">{c.b.name}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.label}>
              <th scope="row">{r.label}</th>
              <td>{r.a}</td>
              <td>{r.b}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <details>
        <summary>
          {c.changed.length} of {c.studies} studies changed
        </summary>
        <ul>
          {c.changed.map((s) => (
            <li key={s.studyId}>
              <a href={`/studies/${s.studyId}`}>study {s.index}</a>:{" "}
              {[...s.levels.map((l) => `${l.level} ${l.a ?? "none"} → ${l.b ?? "none"}${l.signed ? ` (signed ${l.signed})` : ""}`), ...(s.vertebrae.length ? [`vertebrae ${s.vertebrae.join(" ")}`] : []), ...(s.rois ? [`${s.rois} ROIs moved`] : [])].join("; ")}
            </li>
          ))}
        </ul>
      </details>
    </div>
  );
}
