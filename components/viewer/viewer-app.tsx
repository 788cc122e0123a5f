"use client";

import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { TEffectiveAnnotation } from "@/lib/annotations/effective-annotations";
import type { TDiscRoiData, TLevelDiagnosisData, TSliceLevelData, TVertebraBoxData } from "@/lib/annotations/schemas";
import type { Box, Point2 } from "@/lib/dicom/types";
import { threeClassOf, type TLevelFinding } from "@/lib/findings";
import { dicomDateOf, personNameOf } from "@/lib/format/dicom-human";
import type { TImpressionData, TLengthData } from "@/lib/annotations/schemas";
import { lengthFromDrag, lengthOverlays, nextMeasureMode, type TLengthPurpose } from "./length-tool";
import { DISC_LEVELS, VERTEBRA_LABELS, type TDiagnosis, type TDiscLevel, type TVertebraLabel } from "@/lib/phantom/truth";
import type { TStudyView, TViewerImage } from "@/lib/review/study-view";
import { AdjudicationPanel } from "./adjudication-panel";
import { AI_BOX_COLOR, HUMAN_BOX_COLOR, levelColor } from "./colors";
import { dataImageKey, imageRef, itemId, recomputeSliceLevels, sameValue, shownValue, splitItemId, withCenter, type TDesired, type TEditStep, type TItemId } from "./edit-model";
import { defaultWindow, FrameCache, type TWindow } from "./frame-cache";
import { HistoryPanel } from "./history-panel";
import { ImagePane, type TBoxOverlay } from "./image-pane";
import { LevelPanel } from "./level-panel";
import { useAutosave, type TSaveStatus } from "./use-autosave";
import { WorkflowCard } from "./workflow-card";
import { HotkeyHelp } from "./hotkey-help";
import { ToolBar } from "./tool-bar";
import { SeriesBrowser } from "./series-browser";
import { PaneControls } from "./pane-controls";
import { paneTitle, positionLine, referenceSegments, styleReferenceLines } from "./pane-overlays";
import { useLayout, type TPane } from "./use-layout";
import { orientationMarkers } from "@/lib/viewer/orientation-markers";
import { TOOL_HOTKEYS, type TTool } from "@/lib/viewer/tools";
import { sliceName as nameSlice } from "@/lib/viewer/slice-name";

declare global {
  interface Window {
    /** Counters read by bench/viewer.ts and the e2e tests. */
    __discernViewer?: { draws: number; firstImageMs: number | null };
  }
}

const STATUS_TEXT: Record<TSaveStatus, string> = { idle: "Saved", saving: "Saving…", saved: "Saved", conflict: "Conflict — reloaded", error: "Not saved", readonly: "Read only" };

/**
 * The study viewer: two panes side by side (hanging protocol: the reading's sagittal left, the
 * axial stack of the current level right; any stack of the series browser in either), boxes and levels editable with undo/redo and
 * autosave, per-level panel, workflow and history. Tools and gestures: lib/viewer/tools (the
 * default tool's left-drag is window/level; boxes change only in the edit tool E). Keyboard: ↑/↓
 * slices, 1–5 levels, Ctrl+Z / Ctrl+Shift+Z, W/P/Z/E/B/M tools, Esc default, Delete and Alt+arrows
 * (edit tool), X switches pane, I invert, R resets the view, O / double-click maximises the active
 * pane (again or Esc restores), C plays or pauses the cine of the active pane, ? the hotkey sheet.
 *
 * @param userId keys the remembered layout in localStorage (use-layout.ts)
 */
export function ViewerApp({ initialView, userId }: { initialView: TStudyView; userId: string | null }) {
  const [view, setView] = useState(initialView);
  const cache = useRef(new FrameCache()).current;
  const [tick, setTick] = useState(0);
  const layout = useLayout(view, userId);
  const { sagImages, axImages, sagIndex, axIndex } = layout;
  // The levelled axial slices of every stack (cranial first): levels, level jumps, reference lines.
  const levelImages = useMemo(() => view.axial.flatMap((s) => s.images), [view.axial]);
  const images = useMemo(() => new Map(view.series.flatMap((s) => s.images).map((i) => [i.key, i])), [view.series]);
  // "Axial T2 (series 4) slice 7" for every slice, for the history (lib/viewer/slice-name); history names slices by UID.
  const sliceNames = useMemo(() => {
    const names = new Map<string, string>();
    for (const s of view.series) s.images.forEach((i, position) => names.set(i.key, nameSlice(s, { instanceNumber: i.instanceNumber, position: position + 1 })));
    return names;
  }, [view.series]);
  const sliceNameOf = useCallback((uid: string) => sliceNames.get(uid) ?? null, [sliceNames]);
  const [windows, setWindows] = useState<Record<TPane, TWindow | null>>({ sag: null, ax: null });
  const windowsRef = useRef(windows);
  windowsRef.current = windows;
  const [active, setActive] = useState<TPane>("ax");
  const [selectedId, setSelectedId] = useState<TItemId | null>(null);
  // The active tool (lib/viewer/tools); the length tool is on while measureMode is set.
  const [baseTool, setBaseTool] = useState<TTool>("default");
  const [invert, setInvert] = useState(false);
  const [resetKey, setResetKey] = useState(0);
  const [help, setHelp] = useState(false);
  const [undo, setUndo] = useState<TEditStep[]>([]);
  const [redo, setRedo] = useState<TEditStep[]>([]);
  const [notice, setNotice] = useState<string | null>(null);
  const [findingFocus, setFindingFocus] = useState(0);
  const [measureMode, setMeasureMode] = useState<TLengthPurpose | null>(null);
  const tool: TTool = measureMode ? "length" : baseTool;
  const drawMode = tool === "draw";
  const setDrawMode = (on: boolean | ((d: boolean) => boolean)) => {
    const next = typeof on === "function" ? on(drawMode) : on;
    setMeasureMode(null);
    setBaseTool(next && view.editable ? "draw" : "default");
  };
  const pickTool = (t: TTool) => {
    if (t === "length") return setMeasureMode((m) => m ?? "herniation-ap");
    setMeasureMode(null);
    setBaseTool((t === "edit" || t === "draw") && !view.editable ? "default" : t);
  };
  const resetView = () => {
    setWindows({ sag: null, ax: null });
    setInvert(false);
    setResetKey((k) => k + 1);
  };
  const [historyKey, setHistoryKey] = useState(0);

  const reload = useCallback(async (): Promise<TEffectiveAnnotation[] | null> => {
    const response = await fetch(`/api/studies/${view.study.id}/view${view.reading ? `?readingId=${view.reading.id}` : ""}`);
    if (!response.ok) return null;
    const next = (await response.json()) as TStudyView;
    setView(next);
    setHistoryKey((k) => k + 1);
    return next.annotations;
  }, [view.study.id, view.reading]);
  const save = useAutosave(view.editable ? (view.reading?.id ?? null) : null, initialView.annotations, reload);
  useEffect(() => {
    if (save.status === "saved" || save.status === "conflict") setHistoryKey((k) => k + 1);
  }, [save.status, save.server]);

  const sag = sagImages[sagIndex];
  const ax = axImages[axIndex];
  const value = useCallback((id: TItemId) => shownValue(id, save.server, save.local), [save.server, save.local]);
  const allIds = useMemo(() => new Set<TItemId>([...save.server.keys(), ...save.local.keys()]), [save.server, save.local]);
  const shownOfKind = useCallback(<T,>(kind: string): Array<{ id: TItemId; data: T }> => [...allIds].filter((id) => id.startsWith(`${kind}\u0000`)).flatMap((id) => { const v = value(id); return v ? [{ id, data: v as T }] : []; }), [allIds, value]);
  const sliceLevel = useCallback((key: string) => value(itemId("SLICE_LEVEL", key)) as TSliceLevelData | null, [value]);

  // Re-render only when a frame on screen arrives: the prefetch of the other slices changes nothing shown.
  const shownKeys = useRef<Array<string | undefined>>([]);
  shownKeys.current = [sag?.key, ax?.key];
  useEffect(() => cache.onLoad((uid) => { if (shownKeys.current.includes(uid)) setTick((t) => t + 1); }), [cache]);
  // The two images shown first, alone (the server and the link are not shared with the prefetch);
  // then the stacks shown, outward from them; then the levelled axials.
  useEffect(() => {
    const first = [sag, ax].filter((i): i is TViewerImage => i !== undefined);
    const order = [...new Set([...outward(axImages, axIndex), ...outward(sagImages, sagIndex), ...levelImages])];
    void Promise.all(first.map((i) => cache.load(i).catch(() => undefined)))
      .then(() => cache.prefetch(order))
      .then(() => {
        // Window the shown stacks' slices while idle, at the window each pane shows them with by default;
        // not the slices on screen (their canvas is in use) and not once a pane has a window of its own.
        const items = [...axImages, ...sagImages].map((i) => ({ key: i.key, window: defaultWindow(i, cache.get(i.key)) }));
        cache.prerender(items, (key) => windowsRef.current.sag === null && windowsRef.current.ax === null && !shownKeys.current.includes(key));
      });
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once per stack opened
  }, [cache, view.study.id, layout.layout.left, layout.layout.right]);

  const windowOf = (pane: TPane, image: TViewerImage | undefined) => windows[pane] ?? (image ? defaultWindow(image, cache.get(image.key)) : { center: 0, width: 1 });
  const sagWindow = windowOf("sag", sag);
  const axWindow = windowOf("ax", ax);
  const sagCanvas = sag ? cache.render(sag.key, sagWindow) : null;
  const axCanvas = ax ? cache.render(ax.key, axWindow) : null;
  const hasImage = useRef(false);
  hasImage.current = Boolean(sagCanvas || axCanvas);
  // Stable, so that only the pane whose picture changed counts a draw.
  const onDrawn = useCallback(() => {
    const stats = (window.__discernViewer ??= { draws: 0, firstImageMs: null });
    stats.draws += 1;
    if (stats.firstImageMs === null && hasImage.current) {
      stats.firstImageMs = performance.now();
      performance.mark("viewer:first-image");
    }
  }, []);
  useEffect(() => {
    performance.mark("viewer:mounted");
  }, []);

  // --- editing -------------------------------------------------------------------------------
  const commit = useCallback(
    (changes: Map<TItemId, TDesired>) => {
      if (!view.editable) return;
      const step: TEditStep = new Map();
      for (const [id, after] of changes) {
        const before = value(id);
        if (!sameValue(before, after)) step.set(id, { before, after });
      }
      if ([...step.keys()].some((id) => id.startsWith("VERTEBRA_BOX\u0000"))) {
        const boxes = shownOfKind<TVertebraBoxData>("VERTEBRA_BOX").filter((b) => !step.has(b.id)).map((b) => b.data);
        for (const s of step.values()) if (s.after && "label" in s.after) boxes.push(s.after as TVertebraBoxData);
        for (const level of recomputeSliceLevels(boxes, images, levelImages, sliceLevel)) {
          const id = itemId("SLICE_LEVEL", dataImageKey(level));
          step.set(id, { before: value(id), after: level });
        }
      }
      if (step.size === 0) return;
      setUndo((u) => [...u.slice(-199), step]);
      setRedo([]);
      save.apply(new Map([...step].map(([id, s]) => [id, s.after])));
    },
    [view.editable, value, shownOfKind, images, levelImages, sliceLevel, save],
  );
  const undoStep = useCallback(() => {
    const step = undo[undo.length - 1];
    if (!step) return;
    setUndo(undo.slice(0, -1));
    setRedo((r) => [...r, step]);
    save.apply(new Map([...step].map(([id, s]) => [id, s.before])));
  }, [undo, save]);
  const redoStep = useCallback(() => {
    const step = redo[redo.length - 1];
    if (!step) return;
    setRedo(redo.slice(0, -1));
    setUndo((u) => [...u, step]);
    save.apply(new Map([...step].map(([id, s]) => [id, s.after])));
  }, [redo, save]);

  const moveBox = (id: TItemId, box: Box) => {
    const current = value(id);
    if (!current) return;
    const { kind } = splitItemId(id);
    commit(new Map([[id, kind === "VERTEBRA_BOX" ? withCenter({ ...(current as TVertebraBoxData), box }, images) : { ...(current as TDiscRoiData), box }]]));
  };
  const drawBox = (pane: TPane, box: Box) => {
    const plane = (pane === "sag" ? layout.sagSeries : layout.axSeries)?.plane;
    if ((pane === "sag" && plane !== "SAGITTAL") || (pane === "ax" && plane !== "AXIAL")) return setNotice(pane === "sag" ? "Vertebra boxes go on a sagittal image: open a sagittal series in the left pane." : "Disc ROIs go on an axial image: open an axial series in the right pane.");
    setBaseTool("edit"); // the new box stays selected, to adjust it
    if (pane === "sag" && sag) {
      const taken = new Set(shownOfKind<TVertebraBoxData>("VERTEBRA_BOX").map((b) => b.data.label));
      const label = VERTEBRA_LABELS.find((l) => !taken.has(l));
      if (!label) return setNotice("All six vertebrae L1–S1 have a box; relabel or delete one first.");
      const id = itemId("VERTEBRA_BOX", label);
      commit(new Map([[id, withCenter({ label, box, ...imageRef(sag) }, images)]]));
      setSelectedId(id);
    } else if (pane === "ax" && ax) {
      const id = itemId("DISC_ROI", ax.key);
      const level = sliceLevel(ax.key)?.level ?? null;
      commit(new Map([[id, { ...imageRef(ax), level, box }]]));
      setSelectedId(id);
    }
  };
  const relabel = (id: TItemId, label: TVertebraLabel) => {
    const current = value(id) as TVertebraBoxData | null;
    if (!current || current.label === label) return;
    const target = itemId("VERTEBRA_BOX", label);
    if (value(target)) return setNotice(`${label} has a box already; delete or relabel it first.`);
    commit(new Map<TItemId, TDesired>([[id, null], [target, { ...current, label }]]));
    setSelectedId(target);
  };
  const setDiagnosis = (level: TDiscLevel, diagnosis: TDiagnosis) => {
    if (!view.canDiagnose) return;
    commit(new Map([[itemId("LEVEL_DIAGNOSIS", level), { level, diagnosis }]]));
  };
  const lengths = shownOfKind<TLengthData>("LENGTH").map((l) => l.data);
  const drawLength = (a: Point2, b: Point2) => {
    if (!ax || !measureMode || !view.editable) return;
    const length = lengthFromDrag(ax, a, b, measureMode, sliceLevel(ax.key)?.level ?? null, crypto.randomUUID());
    if (!length) return setNotice("This image has no Pixel Spacing (or the line is too short): no length in mm can be stated.");
    commit(new Map([[itemId("LENGTH", length.id), length]]));
    setMeasureMode(null);
  };
  const setFinding = (level: TDiscLevel, finding: TLevelFinding) => {
    if (!view.canDiagnose) return;
    commit(new Map([[itemId("LEVEL_DIAGNOSIS", level), { level, diagnosis: threeClassOf(finding), finding }]]));
  };
  const jumpToLevel = useCallback(
    (level: TDiscLevel) => {
      let best: TViewerImage | null = null;
      let bestDistance = Infinity;
      for (const image of levelImages) {
        const s = sliceLevel(image.key);
        if (s?.level === level && Math.abs(s.distanceMm ?? 99) < bestDistance) {
          best = image;
          bestDistance = Math.abs(s.distanceMm ?? 99);
        }
      }
      // Hanging protocol: the right pane shows the axial stack of the level.
      if (best) layout.showImage(best.key, "ax");
      else setNotice(`No axial slice is assigned to ${level}.`);
    },
    [levelImages, sliceLevel, layout],
  );

  // --- keyboard ------------------------------------------------------------------------------
  const { setIndex } = layout;
  const scroll = useCallback((pane: TPane, delta: number) => setIndex(pane, (i) => i + delta), [setIndex]);
  const paneGestures = tool === "default" || tool === "window" || tool === "pan" || tool === "zoom";
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      if (target && /^(INPUT|SELECT|TEXTAREA)$/.test(target.tagName)) return;
      const mod = e.ctrlKey || e.metaKey;
      if (mod && e.key.toLowerCase() === "z") (e.shiftKey ? redoStep : undoStep)();
      else if (mod && e.key.toLowerCase() === "y") redoStep();
      else if (e.altKey && selectedId && tool === "edit" && e.key.startsWith("Arrow")) {
        const current = value(selectedId) as { box: Box } | null;
        if (!current) return;
        const step = e.shiftKey ? 5 : 1;
        const [dx, dy] = e.key === "ArrowLeft" ? [-step, 0] : e.key === "ArrowRight" ? [step, 0] : e.key === "ArrowUp" ? [0, -step] : [0, step];
        moveBox(selectedId, [current.box[0] + dx, current.box[1] + dy, current.box[2] + dx, current.box[3] + dy]);
      } else if (e.key === "ArrowUp" || e.key === "ArrowDown") scroll(active, e.key === "ArrowDown" ? 1 : -1);
      else if (/^[1-5]$/.test(e.key) && !mod) jumpToLevel(DISC_LEVELS[Number(e.key) - 1]!);
      else if ((e.key === "Delete" || e.key === "Backspace") && selectedId && tool === "edit") commit(new Map([[selectedId, null]]));
      else if (e.key === "b" || e.key === "B") setDrawMode((d) => !d && view.editable);
      else if (e.key === "x" || e.key === "X") setActive((p) => (p === "sag" ? "ax" : "sag"));
      else if (e.key === "r" || e.key === "R") resetView();
      else if (e.key === "i" || e.key === "I") setInvert((v) => !v);
      else if (e.key === "?") setHelp((h) => !h);
      else if ((e.key === "o" || e.key === "O") && !mod) layout.toggleMaximise(active);
      else if ((e.key === "c" || e.key === "C") && !mod) layout.toggleCine(active);
      else if (!mod && !e.altKey && TOOL_HOTKEYS[e.key.toLowerCase()] && e.key.toLowerCase() !== "m" && e.key.toLowerCase() !== "b") pickTool(TOOL_HOTKEYS[e.key.toLowerCase()]!);
      else if (e.key === "f" || e.key === "F") setFindingFocus((n) => n + 1);
      else if ((e.key === "m" || e.key === "M") && view.editable) {
        setMeasureMode(nextMeasureMode);
        setActive("ax");
      }
      else if (e.key === "Escape") {
        layout.restore();
        layout.stopCine();
        setBaseTool("default");
        setHelp(false);
        setMeasureMode(null);
        setSelectedId(null);
      } else return;
      e.preventDefault();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  });

  // --- overlays ------------------------------------------------------------------------------
  // Reference lines on the left image: every levelled axial slice and the right pane's stack; the left slice's plane on the right image.
  const sagSegments = useMemo(() => referenceSegments(sag, [...levelImages, ...axImages]), [sag, levelImages, axImages]);
  const sagLines = useMemo(() => styleReferenceLines(sagSegments, ax?.key, sliceLevel), [sagSegments, ax?.key, sliceLevel]);
  const axPositionLine = useMemo(() => positionLine(ax, sag), [ax, sag]);
  const sourceOf = (id: TItemId) => (save.local.has(id) || save.server.get(id)?.source === "HUMAN" ? "HUMAN" : "AI");
  const sagBoxes: TBoxOverlay[] = shownOfKind<TVertebraBoxData>("VERTEBRA_BOX")
    .filter((b) => dataImageKey(b.data) === sag?.key)
    .map((b) => ({ id: b.id, label: b.data.label + (sourceOf(b.id) === "HUMAN" ? " ✎" : ""), box: b.data.box, color: sourceOf(b.id) === "HUMAN" ? HUMAN_BOX_COLOR : AI_BOX_COLOR, editable: view.editable }));
  // The adjudicator sees both blinded readings' boxes beside their own (not editable).
  for (const row of view.adjudication?.vertebrae ?? []) {
    row.boxes.forEach((b, i) => {
      if (b && row.disagree && dataImageKey(b) === sag?.key) sagBoxes.push({ id: itemId("VERTEBRA_BOX", `reader${i + 1}-${row.label}`), label: `${i + 1}:${row.label}`, box: b.box, color: i === 0 ? "#4fc3f7" : "#ffb74d", editable: false });
    });
  }
  const roiId = ax ? itemId("DISC_ROI", ax.key) : null;
  const roi = roiId ? (value(roiId) as TDiscRoiData | null) : null;
  const axLevel = ax ? sliceLevel(ax.key) : null;
  const axBoxes: TBoxOverlay[] = roi && roiId ? [{ id: roiId, label: `ROI ${roi.level ?? ""}${roi.diagnosis ? ` ${roi.diagnosis}` : ""}`, box: roi.box, color: levelColor(roi.level ?? axLevel?.level), editable: view.editable }] : [];
  const selected = selectedId ? value(selectedId) : null;

  // Stable for the memoised series browser; calls the newest layout.open.
  const openLatest = useRef(layout.open);
  openLatest.current = layout.open;
  const openSeries = useCallback((key: string, pane: TPane) => {
    openLatest.current(key, pane);
    setActive(pane);
  }, []);

  // Click on an axial reference line on the sagittal image: show that slice.
  const pickAxialLine = (key: string) => {
    if (layout.showImage(key, "ax")) setActive("ax");
  };
  const markersOf = (image: TViewerImage | undefined) => (image?.geometry ? orientationMarkers(image.geometry.rowCosines, image.geometry.columnCosines) : null);

  const windowDrag = (pane: TPane, image: TViewerImage | undefined) => (dx: number, dy: number) => {
    const w = windowOf(pane, image);
    const k = Math.max(w.width, 1) / 300;
    setWindows((all) => ({ ...all, [pane]: { center: w.center + dy * k, width: Math.max(1, w.width + dx * k) } }));
  };
  const preset = (kind: "default" | "full" | "narrow" | "wide") => {
    const set = (pane: TPane, image: TViewerImage | undefined): TWindow | null => {
      if (!image) return null;
      const frame = cache.get(image.key);
      const base = defaultWindow(image, frame);
      if (kind === "default") return null;
      if (kind === "full") return frame ? { center: (frame.max + frame.min) / 2, width: Math.max(1, frame.max - frame.min) } : base;
      return { center: base.center, width: base.width * (kind === "narrow" ? 0.5 : 2) };
    };
    setWindows({ sag: set("sag", sag), ax: set("ax", ax) });
  };

  const flaggedSlices = (level: TDiscLevel) => levelImages.filter((i) => { const s = sliceLevel(i.key); return s?.level === level && s.flags.length > 0; }).length;
  const controlsOf = (pane: TPane) => (
    <PaneControls pane={pane} maximised={layout.maximised === pane} playing={layout.cine === pane} fps={layout.fps} onMaximise={() => layout.toggleMaximise(pane)} onCine={() => layout.toggleCine(pane)} onFps={layout.chooseFps} />
  );
  // The side panel does not change with the slice shown (except at a level boundary): memoised, so
  // that scrolling and the arrival of a frame re-render only the panes. Its handlers read the
  // newest closures through `live`; everything it shows is in the dependencies.
  const live = useRef({ undoStep, redoStep, setDrawMode, preset, relabel, commit, setDiagnosis, setFinding, jumpToLevel, showImage: layout.showImage });
  live.current = { undoStep, redoStep, setDrawMode, preset, relabel, commit, setDiagnosis, setFinding, jumpToLevel, showImage: layout.showImage };
  const canUndo = undo.length > 0;
  const canRedo = redo.length > 0;
  const currentLevel = axLevel?.level ?? null;
  const sidePanel = useMemo(
    () => (
    <aside className="side-panel" aria-label="Study panel" tabIndex={-1}>
      <SeriesBrowser series={view.series} left={layout.layout.left} right={layout.layout.right} active={active} onOpen={openSeries} />
      <WorkflowCard
        view={view} save={save} hasSaved={[...save.server.values()].some((a) => a.readingId === view.reading?.id && a.source === "HUMAN")} canUndo={canUndo} canRedo={canRedo} onUndo={() => live.current.undoStep()} onRedo={() => live.current.redoStep()}
        drawMode={drawMode} onDrawMode={() => live.current.setDrawMode((d) => !d)} onPreset={(kind) => live.current.preset(kind)} onChanged={() => window.location.reload()}
        selected={selectedId && selected ? { id: selectedId, data: selected } : null} onRelabel={(id, label) => live.current.relabel(id, label)} onDelete={(id) => live.current.commit(new Map([[id, null]]))}
        vertebrae={shownOfKind<TVertebraBoxData>("VERTEBRA_BOX").map((b) => ({ id: b.id, label: b.data.label }))} onSelect={(id) => { setSelectedId(id); const v = value(id) as TVertebraBoxData | null; if (v) live.current.showImage(dataImageKey(v), "sag"); }}
      />
      {view.adjudication ? (
        <AdjudicationPanel
          adjudication={view.adjudication} editable={view.canDiagnose} shown={(level) => value(itemId("LEVEL_DIAGNOSIS", level)) as TLevelDiagnosisData | null}
          shownBox={(label) => value(itemId("VERTEBRA_BOX", label)) as TVertebraBoxData | null} onPickDiagnosis={(level, diagnosis) => live.current.setDiagnosis(level, diagnosis)}
          onPickBox={(label, b) => live.current.commit(new Map([[itemId("VERTEBRA_BOX", label), { ...b }]]))}
        />
      ) : null}
      <LevelPanel shown={(level) => value(itemId("LEVEL_DIAGNOSIS", level)) as TLevelDiagnosisData | null} ai={view.ai} currentLevel={currentLevel} flaggedSlices={flaggedSlices} canDiagnose={view.canDiagnose} onFinding={(level, finding) => live.current.setFinding(level, finding)} onJump={(level) => live.current.jumpToLevel(level)} focusToken={findingFocus}
        lengths={lengths} measureMode={measureMode} onDeleteLength={(id) => live.current.commit(new Map([[itemId("LENGTH", id), null]]))}
        impression={value(itemId("IMPRESSION", "impression")) as TImpressionData | null} onImpression={(text) => live.current.commit(new Map([[itemId("IMPRESSION", "impression"), text ? { text } : null]]))} />
      <HistoryPanel studyId={view.study.id} refreshKey={historyKey} sliceName={sliceNameOf} />
    </aside>
    ),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- handlers go through `live`; the rest is listed
    [view, save.status, save.message, save.server, save.local, value, shownOfKind, canUndo, canRedo, drawMode, selectedId, layout.layout.left, layout.layout.right, active, openSeries, currentLevel, levelImages, sliceLevel, findingFocus, measureMode, historyKey, sliceNameOf],
  );
  return (
    <div className="viewer-page" data-testid="viewer" data-save-status={save.status} data-tick={tick}>
      <div className="viewer-head">
        <h1>{personNameOf(view.study.patientName) ?? "—"} <span className="muted">{view.study.patientId} · {dicomDateOf(view.study.studyDate) ?? ""} · {view.study.description ?? ""}</span></h1>
        <span className="badge">{view.study.reviewState.toLowerCase().replace("_", " ")}</span>
        <span className={`save-status ${save.status}`} role="status" aria-live="polite" data-testid="save-status">{STATUS_TEXT[save.status]}</span>
        {save.message ? <span className="notice" role="alert">{save.message}</span> : null}
        {notice ? <span className="notice" role="alert" onClick={() => setNotice(null)}>{notice}</span> : null}
      </div>
      <ToolBar tool={tool} editable={view.editable} invert={invert} onTool={pickTool} onInvert={() => setInvert((v) => !v)} onReset={resetView} onHelp={() => setHelp((h) => !h)} />
      {help ? <HotkeyHelp onClose={() => setHelp(false)} /> : null}
      <div className="viewer-grid" data-maximised={layout.maximised ?? ""} style={layout.maximised ? { gridTemplateColumns: "1fr 340px" } : undefined}>
        <ImagePane
          testId="pane-sagittal" title={paneTitle(layout.sagSeries, sagIndex, sag?.key === view.midSagittalUid ? " (mid)" : "")} imageKey={sag?.key} seriesKey={layout.sagSeries?.key} controls={controlsOf("sag")} hidden={layout.maximised === "ax"}
          onDoubleClick={() => paneGestures && layout.toggleMaximise("sag")}
          columns={sag?.columns ?? 1} rows={sag?.rows ?? 1} canvas={sagCanvas} boxes={sagBoxes} lines={sagLines} selectedId={selectedId}
          tool={tool === "length" ? "default" : tool} invert={invert} markers={markersOf(sag)} resetKey={resetKey} onLinePick={pickAxialLine} active={active === "sag"} renderKey={`${sag?.key}:${sagWindow.center}:${sagWindow.width}:${Boolean(sagCanvas)}`}
          info={`W ${Math.round(sagWindow.width)} L ${Math.round(sagWindow.center)}`}
          onActivate={() => setActive("sag")} onSelect={setSelectedId} onBoxChange={moveBox} onDraw={(b) => drawBox("sag", b)} onScroll={(d) => scroll("sag", d)} onWindowDrag={windowDrag("sag", sag)} onDrawn={onDrawn}
        />
        <ImagePane
          testId="pane-axial" title={paneTitle(layout.axSeries, axIndex, axLevel?.level ? ` · ${axLevel.level}` : "")} imageKey={ax?.key} seriesKey={layout.axSeries?.key} controls={controlsOf("ax")} hidden={layout.maximised === "sag"}
          onDoubleClick={() => paneGestures && layout.toggleMaximise("ax")}
          columns={ax?.columns ?? 1} rows={ax?.rows ?? 1} canvas={axCanvas} boxes={axBoxes} lines={[...axPositionLine, ...lengthOverlays(lengths, ax?.key)]} selectedId={selectedId}
          tool={tool} invert={invert} markers={markersOf(ax)} resetKey={resetKey} {...(measureMode ? { onDrawLine: drawLength } : {})} active={active === "ax"} renderKey={`${ax?.key}:${axWindow.center}:${axWindow.width}:${Boolean(axCanvas)}`}
          info={<>{`W ${Math.round(axWindow.width)} L ${Math.round(axWindow.center)}`}{axLevel?.distanceMm !== null && axLevel?.distanceMm !== undefined ? ` · ${axLevel.distanceMm.toFixed(1)} mm` : ""}{axLevel?.flags.length ? <span className="flag" data-testid="slice-flags"> · {axLevel.flags.join(", ")}</span> : null}</>}
          onActivate={() => setActive("ax")} onSelect={setSelectedId} onBoxChange={moveBox} onDraw={(b) => drawBox("ax", b)} onScroll={(d) => scroll("ax", d)} onWindowDrag={windowDrag("ax", ax)} onDrawn={onDrawn}
        />
        {sidePanel}
      </div>
    </div>
  );
}

/** Items ordered by distance from `index`: i, i+1, i−1, i+2, … */
function outward<T>(items: T[], index: number): T[] {
  const out: T[] = [];
  for (let d = 0; out.length < items.length && d <= items.length; d++) {
    const a = items[index + d];
    if (a !== undefined) out.push(a);
    const b = d > 0 ? items[index - d] : undefined;
    if (b !== undefined) out.push(b);
  }
  return out;
}
