import type { TMatrix } from "@/lib/stats";

const CLASSES = ["normal", "bulge", "herniation"] as const;
const CELL = 64;
const LEFT = 92;
const TOP = 52;

/**
 * A confusion matrix as a server-rendered SVG heat map in the style of the paper's Figure 4:
 * cells shaded by the row-normalised share (how the reference class was labelled), each with its
 * count and percentage. Accessible: role img, a <title> and a <desc> listing every cell.
 */
export function ConfusionHeatmap({ id, label, title, matrix, rowName, colName }: { id: string; label: string; title: string; matrix: TMatrix; rowName: string; colName: string }) {
  const width = LEFT + CELL * 3 + 8;
  const height = TOP + CELL * 3 + 8;
  const desc = matrix
    .map((row, i) => `${rowName} ${CLASSES[i]}: ${row.map((v, j) => `${v} ${colName} ${CLASSES[j]}`).join(", ")}`)
    .join("; ");
  return (
    <svg className="heatmap" width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby={`${id}-title ${id}-desc`} data-testid="heatmap">
      <title id={`${id}-title`}>{title}</title>
      <desc id={`${id}-desc`}>{desc}</desc>
      <text x={4} y={14} className="heatmap-axis">
        {label}
      </text>
      <text x={LEFT + (CELL * 3) / 2} y={14} textAnchor="middle" className="heatmap-axis">
        {colName}
      </text>
      {CLASSES.map((c, j) => (
        <text key={c} x={LEFT + j * CELL + CELL / 2} y={TOP - 8} textAnchor="middle" className="heatmap-label">
          {c}
        </text>
      ))}
      {CLASSES.map((c, i) => (
        <text key={c} x={LEFT - 6} y={TOP + i * CELL + CELL / 2 + 4} textAnchor="end" className="heatmap-label">
          {c}
        </text>
      ))}
      <text x={10} y={TOP + (CELL * 3) / 2} textAnchor="middle" className="heatmap-axis" transform={`rotate(-90 10 ${TOP + (CELL * 3) / 2})`}>
        {rowName}
      </text>
      {matrix.map((row, i) => {
        const total = row.reduce((s, v) => s + v, 0);
        return row.map((count, j) => {
          const share = total > 0 ? count / total : 0;
          return (
            <g key={`${i}-${j}`}>
              <rect x={LEFT + j * CELL} y={TOP + i * CELL} width={CELL - 2} height={CELL - 2} rx={4} fill={`rgba(77, 163, 255, ${0.08 + 0.85 * share})`} stroke={i === j ? "#e6e8ec" : "none"} strokeOpacity={0.35} />
              <text x={LEFT + j * CELL + CELL / 2 - 1} y={TOP + i * CELL + CELL / 2 - 2} textAnchor="middle" className="heatmap-count">
                {count}
              </text>
              <text x={LEFT + j * CELL + CELL / 2 - 1} y={TOP + i * CELL + CELL / 2 + 14} textAnchor="middle" className="heatmap-share">
                {total > 0 ? `${Math.round(share * 100)}%` : "–"}
              </text>
            </g>
          );
        });
      })}
    </svg>
  );
}
