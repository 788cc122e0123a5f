import Link from "next/link";
import { requirePageUser } from "@/lib/auth/require-page-user";
import { DISC_LEVELS } from "@/lib/phantom/truth";
import { countStudiesByState } from "@/lib/studies/count-studies-by-state";
import { parseStatsFilters, supervisionOptions, supervisionStats, type TStatsFilters } from "@/lib/supervision";
import { ConfusionHeatmap } from "./_components/confusion-heatmap";
import { fmtNumber, fmtProportion } from "./_components/format";
import { IouHistogram } from "./_components/iou-histogram";
import { AgreementTable, PerformanceTable } from "./_components/level-tables";
import { VocabularyAgreementTable } from "./_components/vocabulary-table";

const STATES = ["NEW", "PRE_ANNOTATED", "IN_REVIEW", "ADJUDICATION", "SIGNED"] as const;

export default async function SupervisorPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requirePageUser("stats:read", "/supervisor");
  let filters: TStatsFilters = {};
  let filterError: string | null = null;
  try {
    filters = parseStatsFilters(await searchParams);
  } catch {
    filterError = "Some filters were not valid and were ignored.";
  }
  const [counts, options, stats] = await Promise.all([countStudiesByState(), supervisionOptions(), supervisionStats(filters)]);
  const query = new URLSearchParams(Object.entries(filters).filter((e): e is [string, string] => typeof e[1] === "string"));
  const download = (format: string) => `/api/stats?${new URLSearchParams([...query, ["format", format]]).toString()}`;

  return (
    <main className="page supervisor">
      <h1>Supervision</h1>
      <div className="stat-grid" data-testid="state-counts">
        {STATES.map((state) => (
          <div className="stat" key={state}>
            <div className="muted">{state.toLowerCase().replace("_", " ")}</div>
            <div className="n">{counts[state] ?? 0}</div>
          </div>
        ))}
      </div>
      <p>
        <Link href="/supervisor/assign">Assign readers and adjudicators →</Link>
      </p>

      <form className="card row" method="get" aria-label="Filters">
        <label>
          Imported from
          <input type="date" name="from" defaultValue={filters.from ?? ""} />
        </label>
        <label>
          Imported to
          <input type="date" name="to" defaultValue={filters.to ?? ""} />
        </label>
        <label>
          Reader
          <select name="readerId" defaultValue={filters.readerId ?? ""}>
            <option value="">all</option>
            {options.readers.map((r) => (
              <option key={r.id} value={r.id}>
                {r.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Model version
          <select name="modelVersion" defaultValue={filters.modelVersion ?? ""}>
            <option value="">all</option>
            {options.modelVersions.map((v) => (
              <option key={v} value={v}>
                {v}
              </option>
            ))}
          </select>
        </label>
        <label>
          Level
          <select name="level" defaultValue={filters.level ?? ""}>
            <option value="">all</option>
            {DISC_LEVELS.map((l) => (
              <option key={l} value={l}>
                {l}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="primary">
          Apply
        </button>
        <a href={download("csv")} download>
          CSV
        </a>
        <a href={download("json")} download>
          JSON
        </a>
      </form>
      {filterError ? <p className="error">{filterError}</p> : null}
      <p className="muted" data-testid="stats-counts">
        {stats.counts.studies} studies · {stats.counts.withAi} with AI · {stats.counts.withFinal} with a final label · {stats.counts.doubleRead} double read ·{" "}
        {stats.counts.adjudicated} adjudicated. {stats.intervals}
      </p>

      <section aria-labelledby="h-ai-final">
        <h2 id="h-ai-final">AI against the final label (the paper&apos;s table)</h2>
        <PerformanceTable blocks={stats.aiVsFinal} caption="AI against the final label per level: accuracy, sensitivity and specificity with 95% intervals" />
        <div className="heatmaps">
          {stats.aiVsFinal.map((b) => (
            <ConfusionHeatmap key={b.level} id={`hm-ai-${b.level}`} label={b.level} title={`${b.level}: final label (rows) against AI (columns), n = ${b.n}`} matrix={b.matrix} rowName="final" colName="AI" />
          ))}
        </div>
      </section>

      <section aria-labelledby="h-rr">
        <h2 id="h-rr">Reader against reader (blinded double reading)</h2>
        <AgreementTable blocks={stats.readerVsReader} caption="First against second reader per level" testId="reader-reader-table" />
        <p className="muted">At the NASS-ASSR-ASNR 2014 granularity (herniation split into protrusion, extrusion, sequestration, unspecified):</p>
        <VocabularyAgreementTable blocks={stats.readerVsReaderVocabulary} testId="reader-reader-vocabulary-table" />
        <div className="heatmaps">
          {stats.readerVsReader.filter((b) => b.level === "ALL").map((b) => (
            <ConfusionHeatmap key={b.level} id="hm-rr" label="ALL" title={`All levels: first reader (rows) against second reader (columns), n = ${b.n}`} matrix={b.matrix} rowName="first" colName="second" />
          ))}
        </div>
      </section>

      <section aria-labelledby="h-rai">
        <h2 id="h-rai">Readers against the AI</h2>
        {stats.readerVsAi.length === 0 ? <p className="muted">No signed readings yet.</p> : null}
        {stats.readerVsAi.map((r) => (
          <div key={r.readerId}>
            <h3>{r.readerName}</h3>
            <AgreementTable blocks={r.blocks} caption={`${r.readerName} against the AI per level`} testId="reader-ai-table" />
          </div>
        ))}
      </section>

      {stats.fleiss.length > 0 ? (
        <section aria-labelledby="h-fleiss">
          <h2 id="h-fleiss">Fleiss&apos; κ, every study with two or more signed readings</h2>
          <table data-testid="fleiss-table">
            <thead>
              <tr>
                <th scope="col">Level</th>
                <th scope="col">Subjects</th>
                <th scope="col">Fleiss κ (95% bootstrap CI)</th>
              </tr>
            </thead>
            <tbody>
              {stats.fleiss.map((f) => (
                <tr key={f.level}>
                  <th scope="row">{f.level}</th>
                  <td>{f.subjects}</td>
                  <td title={f.withheld ?? undefined}>{f.withheld ?? fmtNumber(f.kappa, f.ci)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}

      <section aria-labelledby="h-iou">
        <h2 id="h-iou">Box agreement (IoU)</h2>
        <div className="heatmaps">
          <IouHistogram id="iou-v-ai" title="Vertebra boxes, AI against final" bins={stats.iou.vertebraAiVsFinal.histogram} summary={stats.iou.vertebraAiVsFinal.summary} meanCi={stats.iou.vertebraAiVsFinal.meanCi} />
          <IouHistogram id="iou-r-ai" title="Disc ROIs, AI against final" bins={stats.iou.roiAiVsFinal.histogram} summary={stats.iou.roiAiVsFinal.summary} meanCi={stats.iou.roiAiVsFinal.meanCi} />
          <IouHistogram id="iou-v-rr" title="Vertebra boxes, reader against reader" bins={stats.iou.vertebraReaderVsReader.histogram} summary={stats.iou.vertebraReaderVsReader.summary} meanCi={stats.iou.vertebraReaderVsReader.meanCi} />
          <IouHistogram id="iou-r-rr" title="Disc ROIs, reader against reader" bins={stats.iou.roiReaderVsReader.histogram} summary={stats.iou.roiReaderVsReader.summary} meanCi={stats.iou.roiReaderVsReader.meanCi} />
        </div>
      </section>

      <section aria-labelledby="h-corr">
        <h2 id="h-corr">Corrections per model version</h2>
        <table data-testid="corrections-table">
          <thead>
            <tr>
              <th scope="col">Model version</th>
              <th scope="col">Label flips</th>
              <th scope="col">Box moves (IoU &lt; 0.9 or removed)</th>
            </tr>
          </thead>
          <tbody>
            {stats.corrections.map((c) => (
              <tr key={c.modelVersion}>
                <th scope="row">{c.modelVersion}</th>
                <td>{fmtProportion(c.labelFlips)}</td>
                <td>{fmtProportion(c.boxMoves)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section aria-labelledby="h-noise">
        <h2 id="h-noise">Label-noise queue (model p ≥ 0.9 disagrees with the final label)</h2>
        <table data-testid="label-noise-table">
          <thead>
            <tr>
              <th scope="col">Study</th>
              <th scope="col">Level</th>
              <th scope="col">AI</th>
              <th scope="col">p</th>
              <th scope="col">Final</th>
              <th scope="col">Model</th>
            </tr>
          </thead>
          <tbody>
            {stats.labelNoise.map((n) => (
              <tr key={`${n.studyId}-${n.level}`}>
                <td>
                  <Link href={`/studies/${n.studyId}`}>{n.studyId.slice(0, 10)}</Link>
                </td>
                <td>{n.level}</td>
                <td>
                  <span className={`badge ${n.aiDiagnosis}`}>{n.aiDiagnosis}</span>
                </td>
                <td>{n.probability.toFixed(3)}</td>
                <td>
                  <span className={`badge ${n.finalDiagnosis}`}>{n.finalDiagnosis}</span>
                </td>
                <td>{n.modelVersion ?? "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {stats.labelNoise.length === 0 ? <p className="muted">No confident disagreements.</p> : null}
        <p className="muted" data-testid="label-noise-rate">
          Share of level labels in the queue: {fmtProportion(stats.labelNoiseRate)}
        </p>
      </section>
    </main>
  );
}
