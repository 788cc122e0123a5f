import type { TDistributionSummary, THistogramBin, TInterval } from "@/lib/stats";
import { fmtNumber } from "./format";

const W = 300;
const H = 150;
const PAD = { left: 30, right: 8, top: 10, bottom: 28 };

/** An IoU histogram (10 bins over 0..1) as a server-rendered SVG with an accessible title and summary. */
export function IouHistogram({ id, title, bins, summary, meanCi }: { id: string; title: string; bins: THistogramBin[]; summary: TDistributionSummary; meanCi: TInterval | null }) {
  const max = Math.max(1, ...bins.map((b) => b.count));
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const barW = plotW / Math.max(1, bins.length);
  const text = `n ${summary.n}, mean ${fmtNumber(summary.mean, meanCi)}, median ${fmtNumber(summary.median)}, quartiles ${fmtNumber(summary.q1)}–${fmtNumber(summary.q3)}`;
  return (
    <figure className="iou-figure">
      <svg width={W} height={H} viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby={`${id}-title ${id}-desc`} data-testid="iou-histogram">
        <title id={`${id}-title`}>{title}</title>
        <desc id={`${id}-desc`}>{`${text}; counts per bin: ${bins.map((b) => `${b.from.toFixed(1)}–${b.to.toFixed(1)}: ${b.count}`).join(", ")}`}</desc>
        <line x1={PAD.left} y1={PAD.top + plotH} x2={PAD.left + plotW} y2={PAD.top + plotH} stroke="#2c313c" />
        {bins.map((b, i) => {
          const h = (b.count / max) * plotH;
          return <rect key={i} x={PAD.left + i * barW + 1} y={PAD.top + plotH - h} width={barW - 2} height={h} fill="#4da3ff" />;
        })}
        {[0, 0.5, 1].map((t) => (
          <text key={t} x={PAD.left + t * plotW} y={H - 10} textAnchor="middle" className="heatmap-label">
            {t}
          </text>
        ))}
        <text x={PAD.left - 4} y={PAD.top + 8} textAnchor="end" className="heatmap-label">
          {max}
        </text>
      </svg>
      <figcaption className="muted">
        {title}: {text}
      </figcaption>
    </figure>
  );
}
