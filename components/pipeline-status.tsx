"use client";

import { useCallback, useEffect, useState } from "react";
import type { TPipelineStatus } from "@/lib/jobs/get-pipeline-status";

const LABEL: Record<TPipelineStatus["pipelineStatus"], string> = {
  NONE: "Not analysed",
  QUEUED: "AI queued",
  RUNNING: "AI running",
  DONE: "AI done",
  FAILED: "AI failed",
};

/**
 * The study's AI pipeline state for the viewer: status, progress while queued or running (polls
 * GET /api/studies/[id]/pipeline every 2 s until it settles), the failure sentence, device and
 * time of the last run, and a re-run button for users allowed to analyse (`canAnalyze`).
 */
export function PipelineStatus({ studyId, canAnalyze, onDone }: { studyId: string; canAnalyze: boolean; onDone?: () => void }) {
  const [status, setStatus] = useState<TPipelineStatus | null>(null);
  const [error, setError] = useState<string | null>(null);
  const refresh = useCallback(async () => {
    const response = await fetch(`/api/studies/${studyId}/pipeline`, { cache: "no-store" });
    if (response.ok) setStatus((await response.json()) as TPipelineStatus);
  }, [studyId]);

  const active = status?.pipelineStatus === "QUEUED" || status?.pipelineStatus === "RUNNING";
  useEffect(() => {
    void refresh();
  }, [refresh]);
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => void refresh(), 2000);
    return () => clearInterval(timer);
  }, [active, refresh]);
  useEffect(() => {
    if (status?.pipelineStatus === "DONE" && status.runs[0]?.finishedAt && Date.now() - Date.parse(status.runs[0].finishedAt) < 5000) onDone?.();
  }, [status, onDone]);

  const rerun = async () => {
    setError(null);
    const response = await fetch(`/api/studies/${studyId}/analyze`, { method: "POST" });
    if (!response.ok) setError(((await response.json().catch(() => null)) as { error?: { message?: string } } | null)?.error?.message ?? "The request failed.");
    await refresh();
  };

  if (!status) return null;
  const run = status.runs[0];
  return (
    <div className="pipeline-status" data-pipeline-status={status.pipelineStatus}>
      <strong>{LABEL[status.pipelineStatus]}</strong>
      {active && run ? (
        <span>
          {" "}
          <progress max={1} value={run.progress} aria-label="Pipeline progress" /> {run.progressLabel ?? ""}
        </span>
      ) : null}
      {status.pipelineStatus === "FAILED" && status.pipelineError ? <p role="alert">{status.pipelineError}</p> : null}
      {status.pipelineStatus === "DONE" && run?.timingsMs?.total !== undefined ? (
        <span className="muted">
          {" "}
          {Math.round(run.timingsMs.total)} ms on {run.device ?? "?"}
        </span>
      ) : null}
      {canAnalyze && !active ? (
        <button type="button" onClick={() => void rerun()}>
          {status.pipelineStatus === "NONE" ? "Run AI" : "Re-run AI"}
        </button>
      ) : null}
      {error ? <p role="alert">{error}</p> : null}
    </div>
  );
}
