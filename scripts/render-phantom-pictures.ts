/**
 * Renders docs/phantom/<variant>.png: for each main variant of the phantom generator, the
 * mid-sagittal T2 image (truth vertebra boxes in red, the reference lines of the three axial
 * slices shown beside it in yellow) and one at-disc axial T2 slice per class (normal, bulge,
 * herniation; truth ROI in green), each tile 256 px high, pixels as stored (no reorientation).
 *
 *   node --import ./node_modules/tsx/dist/loader.mjs scripts/render-phantom-pictures.ts [outDir]
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { PNG } from "pngjs";
import type { Box, Point2 } from "../lib/dicom/types";
import { referenceLine } from "../lib/geometry/reference-line";
import { generateStudy, type TVariant } from "../lib/phantom";
import { previewImage } from "../lib/phantom/preview";

const TILE = Number(process.env.TILE ?? 256);
const VARIANTS: [TVariant, number][] = [
  ["standard", 3],
  ["flipped-axes", 4],
  ["feet-first", 5],
  ["resolution", 6],
  ["thick-slices", 7],
  ["partial-coverage", 9],
  ["angulation", 10],
  ["decoys", 11],
];
type RGB = [number, number, number];

interface Tile {
  rgb: Uint8Array;
}

function makeTile(grey: Uint8Array, rows: number, columns: number): { tile: Tile; map: (p: Point2) => Point2 } {
  const scale = Math.min(TILE / rows, TILE / columns);
  const ox = (TILE - columns * scale) / 2;
  const oy = (TILE - rows * scale) / 2;
  const rgb = new Uint8Array(TILE * TILE * 3);
  for (let y = 0; y < TILE; y++) {
    for (let x = 0; x < TILE; x++) {
      const sx = Math.floor((x - ox) / scale);
      const sy = Math.floor((y - oy) / scale);
      const v = sx >= 0 && sy >= 0 && sx < columns && sy < rows ? grey[sy * columns + sx]! : 0;
      rgb.set([v, v, v], (y * TILE + x) * 3);
    }
  }
  return { tile: { rgb }, map: (p) => [ox + p[0] * scale, oy + p[1] * scale] };
}

function line(tile: Tile, a: Point2, b: Point2, color: RGB) {
  const steps = Math.ceil(Math.hypot(b[0] - a[0], b[1] - a[1])) + 1;
  for (let i = 0; i <= steps; i++) {
    const x = Math.round(a[0] + ((b[0] - a[0]) * i) / steps);
    const y = Math.round(a[1] + ((b[1] - a[1]) * i) / steps);
    if (x >= 0 && y >= 0 && x < TILE && y < TILE) tile.rgb.set(color, (y * TILE + x) * 3);
  }
}

function box(tile: Tile, map: (p: Point2) => Point2, b: Box, color: RGB) {
  const [p0, p1] = [map([b[0], b[1]]), map([b[2], b[3]])];
  line(tile, p0, [p1[0], p0[1]], color);
  line(tile, [p1[0], p0[1]], p1, color);
  line(tile, p1, [p0[0], p1[1]], color);
  line(tile, [p0[0], p1[1]], p0, color);
}

function render(variant: TVariant, seed: number, outDir: string) {
  const study = generateStudy({
    seed,
    variant,
    pixels: false,
    forceDiagnosis: { "L3-L4": "normal", "L4-L5": "bulge", "L5-S1": "herniation" },
  });
  const { truth, plan } = study;
  const mid = plan.mid.geometry;
  const sag = makeTile(previewImage(study, mid), mid.rows, mid.columns);
  for (const v of truth.vertebrae) box(sag.tile, sag.map, v.box, [230, 40, 40]);
  const images = new Map(plan.series.flatMap((s) => s.images.map((i) => [i.sopInstanceUid, i])));
  const tiles: Tile[] = [sag.tile];
  for (const level of ["L3-L4", "L4-L5", "L5-S1"] as const) {
    const slice = truth.slices.filter((s) => s.atDisc && s.level === level).sort((a, b) => Math.abs(a.distanceMm!) - Math.abs(b.distanceMm!))[0];
    if (!slice) continue;
    const image = images.get(slice.sopInstanceUid)!;
    const ref = referenceLine(mid, image.geometry);
    if (ref) line(sag.tile, sag.map(ref[0]), sag.map(ref[1]), [240, 220, 40]);
    const ax = makeTile(previewImage(study, image.geometry), image.geometry.rows, image.geometry.columns);
    if (slice.roi) box(ax.tile, ax.map, slice.roi, [40, 210, 80]);
    tiles.push(ax.tile);
  }
  const png = new PNG({ width: TILE * tiles.length, height: TILE });
  tiles.forEach((t, k) => {
    for (let y = 0; y < TILE; y++) {
      for (let x = 0; x < TILE; x++) {
        const o = ((y * TILE * tiles.length) + k * TILE + x) * 4;
        const i = (y * TILE + x) * 3;
        png.data[o] = t.rgb[i]!;
        png.data[o + 1] = t.rgb[i + 1]!;
        png.data[o + 2] = t.rgb[i + 2]!;
        png.data[o + 3] = 255;
      }
    }
  });
  writeFileSync(path.join(outDir, `${variant}.png`), PNG.sync.write(png));
  process.stderr.write(`${variant} (seed ${seed}): ${tiles.length} tiles\n`);
}

const outDir = process.argv[2] ?? path.join(__dirname, "../docs/phantom");
mkdirSync(outDir, { recursive: true });
const only = process.argv[3];
for (const [variant, seed] of VARIANTS) if (!only || only === variant) render(variant, seed, outDir);
