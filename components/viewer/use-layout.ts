"use client";

import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { TStudyView, TViewerImage, TViewerSeries } from "@/lib/review/study-view";
import { openingIndex } from "./first-frames";
import { cineNext, initialLayout, layoutStorageKey, parseLayoutPrefs, prefsOf, type TLayout, type TLayoutPrefs } from "@/lib/viewer/hanging-protocol";

/** The two panes: "sag" is the left one (the hanging protocol's sagittal), "ax" the right one (its axial). */
export type TPane = "sag" | "ax";

export const CINE_FPS = [2, 5, 10, 15, 20, 30] as const;

function readPrefs(userId: string | null): TLayoutPrefs {
  if (!userId) return {};
  try {
    return parseLayoutPrefs(window.localStorage.getItem(layoutStorageKey(userId)));
  } catch {
    return {}; // storage disabled: defaults
  }
}

/**
 * Which stack each pane shows, the slice shown per stack (kept when a stack is left and opened
 * again), the maximised pane and the cine loop. The hanging protocol (lib/viewer/hanging-protocol)
 * picks the opening layout; the reader's explicit choices (series opened, maximise, cine speed)
 * are remembered per user in localStorage (`discern.viewer.layout.v1.<user id>`).
 */
export function useLayout(view: TStudyView, userId: string | null) {
  const byKey = useMemo(() => new Map(view.series.map((s) => [s.key, s])), [view.series]);
  const byImage = useMemo(() => {
    const m = new Map<string, { series: TViewerSeries; index: number }>();
    for (const s of view.series) s.images.forEach((image, index) => m.set(image.key, { series: s, index }));
    return m;
  }, [view.series]);
  const prefs = useRef<TLayoutPrefs | null>(null);
  prefs.current ??= readPrefs(userId);
  const [layout, setLayout] = useState<TLayout>(() =>
    initialLayout({ series: view.series, sagittal: view.sagittal?.key ?? null, currentAxial: view.axial[Math.floor((view.axial.length - 1) / 2)]?.key ?? null, prefs: prefs.current ?? {} }),
  );
  const [positions, setPositions] = useState<Record<string, number>>({});
  const [maximised, setMaximised] = useState<TPane | null>(() => prefs.current?.maximised ?? null);
  const [fps, setFps] = useState<number>(() => prefs.current?.fps ?? 10);
  const [cine, setCine] = useState<TPane | null>(null);

  const remember = useCallback(
    (next: { layout?: TLayout; maximised?: TPane | null; fps?: number }) => {
      if (!userId) return;
      const stored = prefsOf(next.layout ?? layout, view.series, { maximised: next.maximised === undefined ? maximised : next.maximised, fps: next.fps ?? fps });
      try {
        window.localStorage.setItem(layoutStorageKey(userId), JSON.stringify(stored));
      } catch {
        // storage full or disabled: the layout is simply not remembered
      }
    },
    [userId, layout, view.series, maximised, fps],
  );

  const seriesOf = (pane: TPane): TViewerSeries | undefined => byKey.get((pane === "sag" ? layout.left : layout.right) ?? "");
  const defaultIndex = useCallback((s: TViewerSeries) => openingIndex(s.images, view.midSagittalUid), [view.midSagittalUid]);
  const indexIn = (s: TViewerSeries | undefined) => (s ? Math.min(s.images.length - 1, Math.max(0, positions[s.key] ?? defaultIndex(s))) : 0);

  /** Sets the slice of the stack a pane shows (a number, or a function of the current one), clamped. */
  const setIndex = useCallback(
    (pane: TPane, next: number | ((index: number, count: number) => number)) => {
      const s = byKey.get((pane === "sag" ? layout.left : layout.right) ?? "");
      if (!s) return;
      setPositions((p) => {
        const current = Math.min(s.images.length - 1, Math.max(0, p[s.key] ?? defaultIndex(s)));
        const value = typeof next === "function" ? next(current, s.images.length) : next;
        return { ...p, [s.key]: Math.min(s.images.length - 1, Math.max(0, value)) };
      });
    },
    [byKey, layout, defaultIndex],
  );

  /** Opens a stack in a pane (the reader's choice: remembered). */
  const open = (key: string, pane: TPane) => {
    if (!byKey.has(key)) return;
    const next = pane === "sag" ? { ...layout, left: key } : { ...layout, right: key };
    setLayout(next);
    remember({ layout: next });
  };

  /** Shows the image with this key in a pane, switching that pane to its stack (click-to-jump, level keys): not remembered. */
  const showImage = (imageKey: string, pane: TPane) => {
    const found = byImage.get(imageKey);
    if (!found) return false;
    setLayout((l) => (pane === "sag" ? { ...l, left: found.series.key } : { ...l, right: found.series.key }));
    setPositions((p) => ({ ...p, [found.series.key]: found.index }));
    return true;
  };

  const toggleMaximise = (pane: TPane) => {
    const next = maximised === pane ? null : pane;
    setMaximised(next);
    remember({ maximised: next });
  };
  const restore = () => {
    if (maximised === null) return false;
    setMaximised(null);
    remember({ maximised: null });
    return true;
  };
  const chooseFps = (value: number) => {
    setFps(value);
    remember({ fps: value });
  };

  const cineCount = cine ? (seriesOf(cine)?.images.length ?? 0) : 0;
  useEffect(() => {
    if (!cine || cineCount < 2) return;
    const timer = window.setInterval(() => setIndex(cine, (i, n) => cineNext(i, n)), 1000 / fps);
    return () => window.clearInterval(timer);
  }, [cine, cineCount, fps, setIndex]);

  const sagSeries = seriesOf("sag");
  const axSeries = seriesOf("ax");
  return {
    layout,
    sagSeries,
    axSeries,
    sagImages: sagSeries?.images ?? ([] as TViewerImage[]),
    axImages: axSeries?.images ?? ([] as TViewerImage[]),
    sagIndex: indexIn(sagSeries),
    axIndex: indexIn(axSeries),
    seriesOfImage: (imageKey: string) => byImage.get(imageKey)?.series,
    setIndex,
    open,
    showImage,
    maximised,
    toggleMaximise,
    restore,
    cine,
    toggleCine: (pane: TPane) => setCine((c) => (c === pane ? null : pane)),
    stopCine: () => setCine(null),
    fps,
    chooseFps,
  };
}
