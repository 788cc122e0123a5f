/**
 * Phantom generation time per study on one core: CPU time (user + system) and wall time of
 * generateStudy with pixels and DICOM bytes, over a range of seeds of one variant.
 *
 *   node --import ./node_modules/tsx/dist/loader.mjs bench/phantom-generation.ts [variant] [count] [firstSeed]
 */
import { generateStudy, isVariant } from "../lib/phantom";

const variant = process.argv[2] ?? "mixed";
if (!isVariant(variant)) throw new Error(`unknown variant ${variant}`);
const count = Number(process.argv[3] ?? 5);
const first = Number(process.argv[4] ?? 100);
const cpu: number[] = [];
const wall: number[] = [];
for (let seed = first; seed < first + count; seed++) {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const study = generateStudy({ seed, variant });
  const c = process.cpuUsage(c0);
  cpu.push((c.user + c.system) / 1e6);
  wall.push((performance.now() - t0) / 1000);
  const pixels = study.plan.series.reduce((n, s) => n + s.images.reduce((m, i) => m + i.geometry.rows * i.geometry.columns, 0), 0);
  console.log(`seed ${seed} ${study.options.variant}: ${study.files.length} images, ${(pixels / 1e6).toFixed(2)} Mpx, cpu ${cpu.at(-1)!.toFixed(2)} s, wall ${wall.at(-1)!.toFixed(2)} s`);
}
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
console.log(`${variant}: mean cpu ${mean(cpu).toFixed(2)} s, max cpu ${Math.max(...cpu).toFixed(2)} s, mean wall ${mean(wall).toFixed(2)} s over ${count} studies`);
