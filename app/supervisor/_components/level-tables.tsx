import type { TLevelBlock } from "@/lib/supervision";
import { fmtKappa, fmtProportion } from "./format";

const CLASSES = ["normal", "bulge", "herniation"] as const;

/** The paper's table: per level accuracy and per-class sensitivity / specificity, with 95% CIs. */
export function PerformanceTable({ blocks, caption }: { blocks: TLevelBlock[]; caption: string }) {
  return (
    <table data-testid="performance-table">
      <caption className="sr-only">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Level</th>
          <th scope="col">n</th>
          <th scope="col">Accuracy</th>
          {CLASSES.map((c) => (
            <th scope="col" key={c}>
              {c} sens / spec
            </th>
          ))}
          <th scope="col">κ</th>
          <th scope="col">κ linear</th>
        </tr>
      </thead>
      <tbody>
        {blocks.map((b) => (
          <tr key={b.level} data-level={b.level}>
            <th scope="row">{b.level}</th>
            <td>{b.n}</td>
            <td>{fmtProportion(b.classes.accuracy)}</td>
            {CLASSES.map((c) => (
              <td key={c}>
                {fmtProportion(b.classes.perClass[c].sensitivity)}
                <br />
                {fmtProportion(b.classes.perClass[c].specificity)}
              </td>
            ))}
            <td>{fmtKappa(b.kappa)}</td>
            <td>{fmtKappa(b.weightedKappa)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Agreement of two sources per level: n, percent agreement, κ and linearly weighted κ, with 95% CIs. */
export function AgreementTable({ blocks, caption, testId }: { blocks: TLevelBlock[]; caption: string; testId: string }) {
  return (
    <table data-testid={testId}>
      <caption className="sr-only">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Level</th>
          <th scope="col">n</th>
          <th scope="col">Agreement</th>
          <th scope="col">Cohen κ</th>
          <th scope="col">κ linear</th>
        </tr>
      </thead>
      <tbody>
        {blocks.map((b) => (
          <tr key={b.level} data-level={b.level}>
            <th scope="row">{b.level}</th>
            <td>{b.n}</td>
            <td>{fmtProportion(b.agreement)}</td>
            <td>{fmtKappa(b.kappa)}</td>
            <td>{fmtKappa(b.weightedKappa)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
