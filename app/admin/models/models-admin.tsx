"use client";

import { useState } from "react";
import type { THeadlineFigure } from "@/lib/models/headline-figures";
import type { TModelComparison } from "@/lib/models-compare/compare-models";
import { ComparisonTable } from "./comparison-table";

/** A shadow version's agreement with the signed levels, beside the live AI on the same levels. */
export interface TShadowView {
  runs: number;
  signedStudies: number;
  shadow: { value: number | null; n: number; ci: { lower: number; upper: number } | null; kappa: number | null };
  live: { value: number | null; n: number; ci: { lower: number; upper: number } | null; kappa: number | null };
}

const pct = (x: { value: number | null; n: number; ci: { lower: number; upper: number } | null }) =>
  x.value === null ? "n/a" : `${(100 * x.value).toFixed(1)}%${x.ci ? ` (${(100 * x.ci.lower).toFixed(1)}–${(100 * x.ci.upper).toFixed(1)})` : ""} of ${x.n}`;

export interface TVersionView {
  id: string;
  name: string;
  sha256: string;
  active: boolean;
  /** Agreement figures when this version runs in shadow, else null. */
  shadow: TShadowView | null;
  demo: boolean;
  registeredAt: string;
  registeredBy: string | null;
  dataset: string | null;
  training: string;
  figures: THeadlineFigure[];
  card: string | null;
}

export interface TTaskView {
  task: string;
  rollbackTo: string | null;
  versions: TVersionView[];
  comparisons: TModelComparison[];
}

async function post(url: string, body: unknown): Promise<{ error?: { message: string } }> {
  const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  return (await response.json()) as { error?: { message: string } };
}

/** Per task: the registered versions, the active one marked; promote any other, roll back to the previous one. */
export function ModelsAdmin({ initialTasks }: { initialTasks: TTaskView[] }) {
  const [message, setMessage] = useState<{ text: string; ok: boolean } | null>(null);
  const [busy, setBusy] = useState(false);

  async function act(url: string, body: unknown, confirmText: string) {
    if (!window.confirm(confirmText)) return;
    setBusy(true);
    const result = await post(url, body);
    setBusy(false);
    if (result.error) return setMessage({ text: result.error.message, ok: false });
    window.location.reload();
  }

  return (
    <div style={{ display: "flex", flexDirection: "column", gap: 24 }}>
      {message && (
        <p className={message.ok ? "muted" : "error"} role="status">
          {message.text}
        </p>
      )}
      {initialTasks.map((t) => {
        const target = t.versions.find((v) => v.id === t.rollbackTo);
        return (
          <section key={t.task} aria-label={`${t.task} models`}>
            <div className="row" style={{ justifyContent: "space-between" }}>
              <h2>{t.task}</h2>
              <button disabled={busy || !target} onClick={() => void act("/api/models/rollback", { task: t.task }, `Roll ${t.task} back to ${target?.name}? New studies will be analysed by it.`)}>
                {target ? `Roll back to ${target.name}` : "No earlier version"}
              </button>
            </div>
            <table aria-label={`${t.task} versions`}>
              <thead>
                <tr>
                  <th>Version</th>
                  <th>State</th>
                  <th>Trained on</th>
                  <th>Figures</th>
                  <th>Registered</th>
                  <th>sha256</th>
                </tr>
              </thead>
              <tbody>
                {t.versions.map((v) => (
                  <tr key={v.id}>
                    <td>
                      {v.name}
                      {v.demo && <div className="muted">demo (phantoms only)</div>}
                      {v.card && (
                        <details>
                          <summary>Model card</summary>
                          <pre style={{ whiteSpace: "pre-wrap", maxWidth: 640 }}>{v.card}</pre>
                        </details>
                      )}
                    </td>
                    <td>
                      {v.active ? (
                        <strong>active</strong>
                      ) : (
                        <div className="row">
                          <button disabled={busy} onClick={() => void act("/api/models/promote", { task: t.task, version: v.id }, `Make ${v.name} the active ${t.task} model? New studies will be analysed by it.`)}>
                            Promote
                          </button>
                          {v.shadow ? (
                            <button disabled={busy} onClick={() => void act("/api/models/shadow", { task: t.task, version: null }, `Stop running ${v.name} in shadow?`)}>
                              End shadow
                            </button>
                          ) : (
                            <button disabled={busy} onClick={() => void act("/api/models/shadow", { task: t.task, version: v.id }, `Run ${v.name} in shadow on new studies? Readers will not see its results.`)}>
                              Run in shadow
                            </button>
                          )}
                        </div>
                      )}
                      {v.shadow && (
                        <div className="muted">
                          <strong>in shadow</strong>: {v.shadow.runs} studies run, {v.shadow.signedStudies} signed. Level accuracy vs signed: shadow {pct(v.shadow.shadow)} (κ {v.shadow.shadow.kappa?.toFixed(2) ?? "n/a"}), live AI {pct(v.shadow.live)} (κ {v.shadow.live.kappa?.toFixed(2) ?? "n/a"}).
                        </div>
                      )}
                    </td>
                    <td>
                      {v.dataset ?? <span className="muted">no discern dataset</span>}
                      {v.training && <div className="muted">{v.training}</div>}
                    </td>
                    <td>{v.figures.length > 0 ? v.figures.map((f) => `${f.label} ${Number.isInteger(f.value) ? f.value : f.value.toFixed(3)}`).join(" · ") : <span className="muted">none</span>}</td>
                    <td>
                      {v.registeredAt}
                      <div className="muted">{v.registeredBy ?? "system"}</div>
                    </td>
                    <td>
                      <code title={v.sha256}>{v.sha256.slice(0, 12)}</code>
                    </td>
                  </tr>
                ))}
                {t.versions.length === 0 && (
                  <tr>
                    <td colSpan={6} className="muted">
                      No registered version; the worker registers models/ on its first start.
                    </td>
                  </tr>
                )}
              </tbody>
            </table>
            {t.comparisons.map((c) => (
              <ComparisonTable key={`${c.a.modelVersionId}:${c.b.modelVersionId}:${c.createdAt}`} comparison={c} />
            ))}
          </section>
        );
      })}
    </div>
  );
}
