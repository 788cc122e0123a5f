"use client";

import type Konva from "konva";
import type { KonvaEventObject } from "konva/lib/Node";
import { useEffect, useLayoutEffect, useRef, useState, type ReactNode } from "react";
import { Group, Image as KonvaImage, Layer, Line, Rect, Stage, Text, Transformer } from "react-konva";
import type { Box, Point2 } from "@/lib/dicom/types";
import { nearestSegment } from "@/lib/viewer/nearest-line";
import type { TOrientationMarkers } from "@/lib/viewer/orientation-markers";
import { gestureFor, zoomAfterDrag, type TTool } from "@/lib/viewer/tools";
import { wheelSteps } from "@/lib/viewer/wheel-steps";
import type { TItemId } from "./edit-model";

export interface TBoxOverlay {
  id: TItemId;
  label: string;
  box: Box;
  color: string;
  editable: boolean;
}

export interface TLineOverlay {
  key: string;
  points: [Point2, Point2];
  color: string;
  width: number;
  dash?: number[];
}

export interface ImagePaneProps {
  testId: string;
  title: string;
  columns: number;
  rows: number;
  canvas: HTMLCanvasElement | null;
  boxes: TBoxOverlay[];
  lines: TLineOverlay[];
  selectedId: TItemId | null;
  /** The active tool (lib/viewer/tools): what a left-drag does; boxes move only in "edit". */
  tool: TTool;
  /** Show the windowed image inverted (white ↔ black); overlays keep their colours. */
  invert?: boolean;
  /** Letters at the four edges (lib/viewer/orientation-markers); none when the image has no IOP. */
  markers?: TOrientationMarkers | null;
  /** Bumped by the parent to reset zoom and pan (R). */
  resetKey?: number;
  /** A click (no drag) on or near a reference line with this key (click-to-jump). */
  onLinePick?: (key: string) => void;
  active: boolean;
  info: ReactNode;
  /** Bumped by the parent to force a redraw when the windowed canvas was redrawn in place. */
  renderKey: string;
  onActivate: () => void;
  onSelect: (id: TItemId | null) => void;
  onBoxChange: (id: TItemId, box: Box) => void;
  onDraw: (box: Box) => void;
  onScroll: (delta: number) => void;
  onWindowDrag: (dx: number, dy: number) => void;
  onDrawn?: () => void;
  /** Set: a length-tool drag draws a segment instead of a box; points in image pixels. */
  onDrawLine?: (a: Point2, b: Point2) => void;
  /** Key of the image shown and of its stack (TViewerImage.key, TViewerSeries.key), as data attributes for tests and tools. */
  imageKey?: string;
  seriesKey?: string;
  /** Buttons at the top right (maximise, cine): HTML over the stage, clickable. */
  controls?: ReactNode;
  /** Not shown (another pane is maximised); stays mounted so its zoom and pan survive. */
  hidden?: boolean;
  onDoubleClick?: () => void;
}

type TDrag = { mode: "pan" | "window" | "zoom" | "draw"; x: number; y: number; x0: number; y0: number; start?: Point2 };

/**
 * One viewport: the windowed frame on a konva stage with vertebra boxes / ROIs and reference
 * lines. Gestures follow lib/viewer/tools (OHIF's defaults): left-drag does the tool's action
 * (window/level in the default tool), right-drag zooms, middle-drag pans, wheel scrolls one slice
 * per notch (lib/viewer/wheel-steps), Ctrl+wheel zooms about the pointer. Boxes are draggable and
 * resizable only in the edit tool; a click on a reference line picks it.
 * Coordinates inside the group are image pixels (x = column, corner origin).
 */
export function ImagePane(props: ImagePaneProps) {
  const wrapRef = useRef<HTMLDivElement>(null);
  const stageRef = useRef<Konva.Stage>(null);
  const trRef = useRef<Konva.Transformer>(null);
  const layerRef = useRef<Konva.Layer>(null);
  const [size, setSize] = useState({ width: 400, height: 500 });
  // The stage is created once the pane's size is known (before the first paint): a stage made at a
  // guessed size is resized at once, and each resize reallocates its canvases.
  const [measured, setMeasured] = useState(false);
  const [view, setView] = useState({ zoom: 1, panX: 0, panY: 0 });
  const [drag, setDrag] = useState<TDrag | null>(null);
  const [draft, setDraft] = useState<Box | null>(null);
  const [lineEnd, setLineEnd] = useState<Point2 | null>(null);
  const wheelResidual = useRef(0);
  const drawing = props.tool === "draw" || props.tool === "length";

  useLayoutEffect(() => {
    const el = wrapRef.current;
    if (!el) return;
    // Same-size notifications (the observer's first one) keep the state object: no re-render.
    const measure = () => setSize((s) => (s.width === el.clientWidth && s.height === el.clientHeight ? s : { width: el.clientWidth, height: el.clientHeight }));
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    measure();
    setMeasured(true);
    return () => observer.disconnect();
  }, []);
  useEffect(() => setView({ zoom: 1, panX: 0, panY: 0 }), [props.columns, props.rows, props.resetKey]);

  const fit = Math.min(size.width / Math.max(1, props.columns), size.height / Math.max(1, props.rows));
  const scale = fit * view.zoom;
  const offX = (size.width - props.columns * scale) / 2 + view.panX;
  const offY = (size.height - props.rows * scale) / 2 + view.panY;

  useEffect(() => {
    const tr = trRef.current;
    const stage = stageRef.current;
    if (!tr || !stage) return;
    const node = props.selectedId ? stage.findOne(`#${cssId(props.selectedId)}`) : undefined;
    const selected = props.boxes.find((b) => b.id === props.selectedId);
    tr.nodes(node && selected?.editable && props.tool === "edit" ? [node] : []);
    tr.getLayer()?.batchDraw();
  }, [props.selectedId, props.boxes, props.tool]);

  const { onDrawn, renderKey } = props;
  useEffect(() => {
    layerRef.current?.batchDraw();
    onDrawn?.();
  }, [renderKey, onDrawn]);

  const toImage = (): Point2 | null => {
    const p = stageRef.current?.getPointerPosition();
    return p ? [(p.x - offX) / scale, (p.y - offY) / scale] : null;
  };

  const onWheel = (e: KonvaEventObject<WheelEvent>) => {
    e.evt.preventDefault();
    if (e.evt.ctrlKey || e.evt.metaKey) {
      const p = stageRef.current?.getPointerPosition();
      const factor = e.evt.deltaY < 0 ? 1.15 : 1 / 1.15;
      const zoom = Math.min(20, Math.max(0.25, view.zoom * factor));
      if (!p) return setView((v) => ({ ...v, zoom }));
      // Keep the image point under the pointer fixed.
      const ix = (p.x - offX) / scale;
      const iy = (p.y - offY) / scale;
      const s2 = fit * zoom;
      const baseX = (size.width - props.columns * s2) / 2;
      const baseY = (size.height - props.rows * s2) / 2;
      setView({ zoom, panX: p.x - ix * s2 - baseX, panY: p.y - iy * s2 - baseY });
    } else {
      const r = wheelSteps(wheelResidual.current, { deltaY: e.evt.deltaY, deltaMode: e.evt.deltaMode });
      wheelResidual.current = r.residual;
      if (r.steps !== 0) props.onScroll(r.steps);
    }
  };

  const onMouseDown = (e: KonvaEventObject<MouseEvent>) => {
    props.onActivate();
    // The frame does not listen (no hit-canvas fill of the whole image on every slice): a press on
    // it reaches the stage itself.
    const onBackground = e.target === e.target.getStage() || e.target.name() === "frame";
    const gesture = gestureFor(props.tool, e.evt.button, e.target.name() === "box");
    const at = { x: e.evt.clientX, y: e.evt.clientY, x0: e.evt.clientX, y0: e.evt.clientY };
    if (props.tool === "edit" && e.evt.button === 0 && onBackground) props.onSelect(null);
    if (gesture === "window" || gesture === "pan" || gesture === "zoom") return setDrag({ mode: gesture, ...at });
    if ((gesture === "draw" || gesture === "measure") && onBackground) {
      const start = toImage();
      if (start) setDrag({ mode: "draw", ...at, start });
    }
  };

  const onMouseMove = (e: KonvaEventObject<MouseEvent>) => {
    if (!drag) return;
    const dx = e.evt.clientX - drag.x;
    const dy = e.evt.clientY - drag.y;
    if (drag.mode === "pan") {
      setView((v) => ({ ...v, panX: v.panX + dx, panY: v.panY + dy }));
      setDrag({ ...drag, x: e.evt.clientX, y: e.evt.clientY });
    } else if (drag.mode === "zoom") {
      setView((v) => ({ ...v, zoom: zoomAfterDrag(v.zoom, dy) }));
      setDrag({ ...drag, x: e.evt.clientX, y: e.evt.clientY });
    } else if (drag.mode === "window") {
      props.onWindowDrag(dx, dy);
      setDrag({ ...drag, x: e.evt.clientX, y: e.evt.clientY });
    } else if (drag.start) {
      const p = toImage();
      if (p && props.onDrawLine) setLineEnd(p);
      else if (p) setDraft(normalBox(drag.start, p, props.columns, props.rows));
    }
  };

  const onMouseUp = (e?: KonvaEventObject<MouseEvent>) => {
    // A click without movement in the reading tool picks the reference line under the pointer.
    if (e && drag?.mode === "window" && props.onLinePick && Math.hypot(e.evt.clientX - drag.x0, e.evt.clientY - drag.y0) < 3) {
      const p = toImage();
      const key = p ? nearestSegment(p, props.lines, 6 / scale) : null;
      if (key) props.onLinePick(key);
    }
    if (drag?.mode === "draw" && drag.start && lineEnd && props.onDrawLine) props.onDrawLine(drag.start, lineEnd);
    setLineEnd(null);
    if (drag?.mode === "draw" && draft && draft[2] - draft[0] >= 3 && draft[3] - draft[1] >= 3) props.onDraw(draft);
    setDraft(null);
    setDrag(null);
  };

  const commitRect = (id: TItemId, node: Konva.Node) => {
    const sx = node.scaleX();
    const sy = node.scaleY();
    const x0 = node.x();
    const y0 = node.y();
    const w = node.width() * sx;
    const h = node.height() * sy;
    node.scaleX(1);
    node.scaleY(1);
    const box = normalBox([x0, y0], [x0 + w, y0 + h], props.columns, props.rows);
    props.onBoxChange(id, box.map((v) => Math.round(v * 10) / 10) as Box);
  };

  return (
    <div
      ref={wrapRef}
      className={`viewport${props.active ? " active" : ""}`}
      data-testid={props.testId}
      data-transform={`${offX},${offY},${scale}`}
      onContextMenu={(e) => e.preventDefault()}
      data-tool={props.tool}
      data-zoom={view.zoom.toFixed(3)}
      data-invert={props.invert ? "1" : "0"}
      data-image-key={props.imageKey ?? ""}
      data-series-key={props.seriesKey ?? ""}
      onMouseLeave={() => onMouseUp()}
      onDoubleClick={props.onDoubleClick}
      hidden={props.hidden}
      style={{ display: props.hidden ? "none" : undefined, cursor: props.tool === "default" || props.tool === "window" ? "crosshair" : props.tool === "pan" ? "grab" : props.tool === "zoom" ? "zoom-in" : drawing ? "cell" : "default" }}
    >
      <div className="viewport-label">{props.title}</div>
      <div className="viewport-info">{props.info}</div>
      {props.controls ? <div className="viewport-controls" style={{ position: "absolute", right: 6, top: 4, zIndex: 3, display: "flex", gap: 4 }} onMouseDown={(e) => e.stopPropagation()} onDoubleClick={(e) => e.stopPropagation()}>{props.controls}</div> : null}
      {props.markers ? <OrientationLetters markers={props.markers} /> : null}
      {measured ? <Stage ref={stageRef} width={size.width} height={size.height} onWheel={onWheel} onMouseDown={onMouseDown} onMouseMove={onMouseMove} onMouseUp={onMouseUp}>
        <Layer ref={layerRef}>
          <Group x={offX} y={offY} scaleX={scale} scaleY={scale}>
            {props.canvas ? <KonvaImage name="frame" image={props.canvas} width={props.columns} height={props.rows} imageSmoothingEnabled={view.zoom < 2} listening={false} /> : null}
            {props.canvas && props.invert ? <Rect width={props.columns} height={props.rows} fill="#ffffff" globalCompositeOperation="difference" listening={false} /> : null}
            {props.lines.map((l) => (
              <Line key={l.key} points={flatPoints(l.points)} stroke={l.color} strokeWidth={l.width} strokeScaleEnabled={false} dash={l.dash} listening={false} />
            ))}
            {props.boxes.map((b) => (
              <Group key={b.id}>
                <Rect
                  id={cssId(b.id)}
                  x={b.box[0]}
                  y={b.box[1]}
                  width={b.box[2] - b.box[0]}
                  height={b.box[3] - b.box[1]}
                  stroke={b.color}
                  strokeWidth={b.id === props.selectedId ? 2.5 : 1.5}
                  strokeScaleEnabled={false}
                  fill="rgba(0,0,0,0.001)"
                  name="box"
                  listening={props.tool === "edit"}
                  draggable={b.editable && props.tool === "edit"}
                  onMouseDown={(e) => {
                    if (e.evt.button === 0 && props.tool === "edit") props.onSelect(b.id);
                  }}
                  onDragEnd={(e) => commitRect(b.id, e.target)}
                  onTransformEnd={(e) => commitRect(b.id, e.target)}
                />
                <Text x={b.box[2] + 2 / scale} y={b.box[1]} text={b.label} fontSize={12 / scale} fill={b.color} listening={false} />
              </Group>
            ))}
            {drag?.start && lineEnd ? <Line points={[...drag.start, ...lineEnd]} stroke="#ffffff" dash={[4, 4]} strokeWidth={1.5} strokeScaleEnabled={false} listening={false} /> : null}
            {draft ? <Rect x={draft[0]} y={draft[1]} width={draft[2] - draft[0]} height={draft[3] - draft[1]} stroke="#ffffff" dash={[4, 4]} strokeWidth={1} strokeScaleEnabled={false} listening={false} /> : null}
          </Group>
          <Transformer ref={trRef} rotateEnabled={false} keepRatio={false} ignoreStroke flipEnabled={false} anchorSize={7} />
        </Layer>
      </Stage> : null}
    </div>
  );
}

/** The orientation letters at the middle of each edge (HTML over the stage; not hit-tested). */
function OrientationLetters({ markers }: { markers: TOrientationMarkers }) {
  const base = { position: "absolute", zIndex: 2, color: "#ffd54f", font: "600 13px system-ui", pointerEvents: "none", textShadow: "0 0 2px #000" } as const;
  return (
    <>
      <span data-testid="orient-left" style={{ ...base, left: 4, top: "50%" }}>{markers.left}</span>
      <span data-testid="orient-right" style={{ ...base, right: 4, top: "50%" }}>{markers.right}</span>
      <span data-testid="orient-top" style={{ ...base, top: 22, left: "50%" }}>{markers.top}</span>
      <span data-testid="orient-bottom" style={{ ...base, bottom: 4, left: "50%" }}>{markers.bottom}</span>
    </>
  );
}

const flat = new WeakMap<[Point2, Point2], number[]>();
/** Konva's flat points of a segment, the same array for the same tuple: konva re-sets a prop only when it is a new value. */
function flatPoints(points: [Point2, Point2]): number[] {
  let out = flat.get(points);
  if (!out) flat.set(points, (out = [points[0][0], points[0][1], points[1][0], points[1][1]]));
  return out;
}

/** Konva ids are looked up with a selector: keep them to safe characters. */
function cssId(id: TItemId): string {
  return `a-${id.replace(/[^A-Za-z0-9_-]/g, "_")}`;
}

function normalBox(a: Point2, b: Point2, columns: number, rows: number): Box {
  const clampX = (v: number) => Math.min(columns, Math.max(0, v));
  const clampY = (v: number) => Math.min(rows, Math.max(0, v));
  return [clampX(Math.min(a[0], b[0])), clampY(Math.min(a[1], b[1])), clampX(Math.max(a[0], b[0])), clampY(Math.max(a[1], b[1]))];
}
