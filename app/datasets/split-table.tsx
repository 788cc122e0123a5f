import type { TSplitSummary } from "@/lib/datasets/split-summary";

const SPLITS = ["train", "val", "test"] as const;
const CLASSES = ["normal", "bulge", "herniation"] as const;

/** Studies per split, then per disc level the labelled levels of each class in each split. */
export function SplitTable({ summary }: { summary: TSplitSummary }) {
  return (
    <table aria-label="Split counts by level and class">
      <thead>
        <tr>
          <th scope="col">Level</th>
          {SPLITS.map((s) => (
            <th key={s} scope="col">
              {s} ({summary.studies[s]} studies)
              <div className="muted">normal / bulge / herniation</div>
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {Object.entries(summary.levels).map(([level, bySplit]) => (
          <tr key={level}>
            <th scope="row">{level}</th>
            {SPLITS.map((s) => (
              <td key={s}>{CLASSES.map((c) => bySplit[s][c]).join(" / ")}</td>
            ))}
          </tr>
        ))}
        {summary.unlabelled > 0 && (
          <tr>
            <td colSpan={4} className="error">
              {summary.unlabelled} member studies have no labels under this source.
            </td>
          </tr>
        )}
      </tbody>
    </table>
  );
}
