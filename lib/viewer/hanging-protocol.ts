import { z } from "zod";

/** What the hanging protocol needs of a stack (lib/review/viewer-series TViewerSeries). */
export interface THangingSeries {
  key: string;
  /** The Series.plane enum: "SAGITTAL" | "AXIAL" | "CORONAL" | … */
  plane: string;
  /** The Series.weighting enum: "T1" | "T2" | "PD" | "OTHER". */
  weighting: string;
  description: string | null;
  /** Its slices (only the count is used). */
  images: ReadonlyArray<unknown>;
}

/** Which stack each pane shows (series keys), null for an empty pane. */
export interface TLayout {
  left: string | null;
  right: string | null;
}

/** A series as remembered across studies: its plane and weighting (keys differ per study). */
const ZSeriesChoice = z.object({ plane: z.string().max(16), weighting: z.string().max(8) });

/**
 * A reader's viewer layout, kept in the browser's localStorage under `layoutStorageKey(userId)`
 * (per user, per browser; no server round trip, no schema). Read back through this schema, so a
 * stale or hand-edited value falls back to the defaults instead of breaking the viewer.
 */
export const ZLayoutPrefs = z.object({
  left: ZSeriesChoice.nullable().optional(),
  /** Only a non-axial choice is kept: the right pane otherwise follows the current level. */
  right: ZSeriesChoice.nullable().optional(),
  maximised: z.enum(["sag", "ax"]).nullable().optional(),
  /** Cine frames per second. */
  fps: z.number().min(1).max(60).optional(),
});
export type TLayoutPrefs = z.infer<typeof ZLayoutPrefs>;

export function layoutStorageKey(userId: string): string {
  return `discern.viewer.layout.v1.${userId}`;
}

/** The stored prefs, or {} when absent or not valid JSON of ZLayoutPrefs. */
export function parseLayoutPrefs(text: string | null): TLayoutPrefs {
  if (!text) return {};
  try {
    const parsed = ZLayoutPrefs.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : {};
  } catch {
    return {};
  }
}

const matches = (s: THangingSeries, c: { plane: string; weighting: string } | null | undefined) => !!c && s.plane === c.plane && s.weighting === c.weighting;
/** The largest stack like the remembered choice (a localizer's one-image stack of the same plane loses). */
const largestLike = (series: THangingSeries[], c: { plane: string; weighting: string } | null | undefined, except?: string | null) =>
  series.filter((s) => matches(s, c) && s.key !== except).sort((a, b) => b.images.length - a.images.length)[0]?.key;

/**
 * The layout a study opens in. Left: the reader's last left-pane choice (same plane and weighting;
 * the largest such stack) when the study has one, else the reading's sagittal (the T2 sagittal the boxes are on), else the
 * first stack. Right: the reader's last non-axial right choice when present; otherwise the hanging
 * protocol's axial stack of the current level — `currentAxial` (the middle of the levelled axial
 * stacks on opening), else the first axial stack.
 */
export function initialLayout(options: { series: THangingSeries[]; sagittal: string | null; currentAxial: string | null; prefs: TLayoutPrefs }): TLayout {
  const { series, prefs } = options;
  const left = largestLike(series, prefs.left) ?? options.sagittal ?? series[0]?.key ?? null;
  const rememberedRight = prefs.right && prefs.right.plane !== "AXIAL" ? largestLike(series, prefs.right, left) : undefined;
  const right = rememberedRight ?? options.currentAxial ?? series.find((s) => s.plane === "AXIAL")?.key ?? series.find((s) => s.key !== left)?.key ?? null;
  return { left, right };
}

/** What to store after a change of layout: each pane's plane and weighting (right only when not axial). */
export function prefsOf(layout: TLayout, series: THangingSeries[], extra: Pick<TLayoutPrefs, "maximised" | "fps">): TLayoutPrefs {
  const choice = (key: string | null) => {
    const s = series.find((x) => x.key === key);
    return s ? { plane: s.plane, weighting: s.weighting } : null;
  };
  const right = choice(layout.right);
  return { left: choice(layout.left), right: right && right.plane !== "AXIAL" ? right : null, ...extra };
}

const PLANE_NAMES: Record<string, string> = { SAGITTAL: "Sagittal", AXIAL: "Axial", CORONAL: "Coronal", OBLIQUE: "Oblique" };

/** "Sagittal T2", "Axial", "Unknown plane PD": the plane (from the orientation) and the weighting when known. */
export function seriesTitle(s: Pick<THangingSeries, "plane" | "weighting">): string {
  const plane = PLANE_NAMES[s.plane] ?? "Unknown plane";
  return /^(T1|T2|PD)$/.test(s.weighting) ? `${plane} ${s.weighting}` : plane;
}

/** The next slice of a cine loop over `count` slices: forward, wrapping to the first. */
export function cineNext(index: number, count: number): number {
  return count <= 0 ? 0 : (index + 1) % count;
}
