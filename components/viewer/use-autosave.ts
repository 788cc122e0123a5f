"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import type { TEffectiveAnnotation } from "@/lib/annotations/effective-annotations";
import { sameValue, splitItemId, type TDesired, type TItemId } from "./edit-model";

export type TSaveStatus = "idle" | "saving" | "saved" | "conflict" | "error" | "readonly";

interface TAutosave {
  server: Map<TItemId, TEffectiveAnnotation>;
  local: Map<TItemId, TDesired>;
  status: TSaveStatus;
  message: string | null;
  /** Sets desired values (an edit, an undo or a redo); saved shortly after. */
  apply: (values: Map<TItemId, TDesired>) => void;
  /** Saves now and resolves when nothing is pending. */
  flush: () => Promise<boolean>;
  /** Replaces the server state (after a reload). */
  reset: (annotations: TEffectiveAnnotation[]) => void;
}

const toMap = (annotations: TEffectiveAnnotation[]) => new Map<TItemId, TEffectiveAnnotation>(annotations.map((a) => [`${a.kind}\u0000${a.key}`, a]));

/**
 * Autosave of a reading's edits: local desired values are posted as one batch of human revisions
 * (each naming the server head it edits) 400 ms after the last change. On 409 the view is reloaded
 * from the server, the conflicting local values are dropped (the other save wins, visibly) and the
 * rest are retried on the new heads.
 */
export function useAutosave(readingId: string | null, initial: TEffectiveAnnotation[], reload: () => Promise<TEffectiveAnnotation[] | null>): TAutosave {
  const [server, setServer] = useState(() => toMap(initial));
  const [local, setLocal] = useState(() => new Map<TItemId, TDesired>());
  const [status, setStatus] = useState<TSaveStatus>(readingId ? "idle" : "readonly");
  const [message, setMessage] = useState<string | null>(null);
  const serverRef = useRef(server);
  const localRef = useRef(local);
  const inFlight = useRef<Promise<boolean> | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  serverRef.current = server;
  localRef.current = local;

  const save = useCallback(async (): Promise<boolean> => {
    if (!readingId) return true;
    const pending = [...localRef.current.entries()].filter(([id, value]) => {
      const head = serverRef.current.get(id);
      return !sameValue(head && !head.deleted ? head.data : null, value);
    });
    if (pending.length === 0) {
      if (localRef.current.size > 0) setLocal(new Map());
      return true;
    }
    const changes = pending.flatMap(([id, value]) => {
      const { kind, key } = splitItemId(id);
      const head = serverRef.current.get(id);
      if (value === null && (!head || head.deleted)) return [];
      return [{ kind, key, baseRevisionId: head?.revisionId ?? null, ...(value === null ? { deleted: true } : { data: value }) }];
    });
    setStatus("saving");
    const response = await fetch(`/api/readings/${readingId}/revisions`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ changes }) }).catch(() => null);
    if (response?.ok) {
      const { saved } = (await response.json()) as { saved: TEffectiveAnnotation[] };
      const nextServer = new Map(serverRef.current);
      for (const s of saved) nextServer.set(`${s.kind}\u0000${s.key}`, s);
      serverRef.current = nextServer;
      setServer(nextServer);
      const nextLocal = new Map(localRef.current);
      for (const [id, value] of pending) if (sameValue(nextLocal.get(id) ?? null, value)) nextLocal.delete(id);
      localRef.current = nextLocal;
      setLocal(nextLocal);
      setStatus(nextLocal.size > 0 ? "saving" : "saved");
      setMessage(null);
      return true;
    }
    if (response?.status === 409) {
      const body = (await response.json().catch(() => null)) as { error?: { code?: string; message?: string; details?: { conflicts?: Array<{ kind: string; key: string }> } } } | null;
      const fresh = await reload();
      if (fresh) {
        const nextServer = toMap(fresh);
        serverRef.current = nextServer;
        setServer(nextServer);
      }
      const conflicted = new Set((body?.error?.details?.conflicts ?? []).map((c) => `${c.kind}\u0000${c.key}`));
      const nextLocal = new Map([...localRef.current].filter(([id]) => !conflicted.has(id) && body?.error?.code !== "STUDY_SIGNED"));
      localRef.current = nextLocal;
      setLocal(nextLocal);
      setStatus("conflict");
      setMessage(body?.error?.message ?? "Someone else changed this study; the newer version is shown.");
      return false;
    }
    const body = (await response?.json().catch(() => null)) as { error?: { message?: string } } | null;
    setStatus("error");
    setMessage(body?.error?.message ?? "Could not save; your changes are kept here and retried.");
    return false;
  }, [readingId, reload]);

  const run = useCallback(async (): Promise<boolean> => {
    while (inFlight.current) await inFlight.current;
    const p = save().finally(() => {
      inFlight.current = null;
    });
    inFlight.current = p;
    return p;
  }, [save]);

  const schedule = useCallback(() => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => void run(), 400);
  }, [run]);

  const apply = useCallback(
    (values: Map<TItemId, TDesired>) => {
      const next = new Map(localRef.current);
      for (const [id, value] of values) next.set(id, value);
      localRef.current = next;
      setLocal(next);
      setStatus("saving");
      schedule();
    },
    [schedule],
  );

  const flush = useCallback(async () => {
    if (timer.current) clearTimeout(timer.current);
    return run();
  }, [run]);

  const reset = useCallback((annotations: TEffectiveAnnotation[]) => {
    const next = toMap(annotations);
    serverRef.current = next;
    setServer(next);
    localRef.current = new Map();
    setLocal(new Map());
  }, []);

  useEffect(() => {
    const warn = (event: BeforeUnloadEvent) => {
      if (localRef.current.size > 0) event.preventDefault();
    };
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, []);

  return { server, local, status, message, apply, flush, reset };
}
