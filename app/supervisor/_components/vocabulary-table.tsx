import type { TVocabularyBlock } from "@/lib/supervision/vocabulary-block";
import { fmtKappa, fmtProportion } from "./format";

/**
 * Reader-against-reader agreement at the 2014 vocabulary's granularity (normal, bulge, herniation
 * by type; issue 16.2), beside the paper's three-class table: where extrusion calls differ.
 */
export function VocabularyAgreementTable({ blocks, testId }: { blocks: TVocabularyBlock[]; testId: string }) {
  return (
    <table data-testid={testId}>
      <caption className="sr-only">First against second reader per level, NASS-ASSR-ASNR 2014 classes</caption>
      <thead>
        <tr>
          <th scope="col">Level</th>
          <th scope="col">n</th>
          <th scope="col">Agreement (2014 classes)</th>
          <th scope="col">Cohen κ (2014 classes)</th>
        </tr>
      </thead>
      <tbody>
        {blocks.map((b) => (
          <tr key={b.level} data-level={b.level}>
            <th scope="row">{b.level}</th>
            <td>{b.n}</td>
            <td>{fmtProportion(b.agreement)}</td>
            <td>{fmtKappa(b.kappa)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
