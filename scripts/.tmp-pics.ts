import { writeFileSync } from "node:fs";
import { PNG } from "pngjs";
import { generateStudy } from "/work/main/lib/phantom/generate-study";
import { previewImage } from "/work/main/lib/phantom/preview";
const seed = Number(process.argv[2] ?? 1);
const s = generateStudy({ seed, variant: (process.argv[3] ?? "standard") as never, pixels: false });
const save = (name: string, g: { rows: number; columns: number }, px: Uint8Array, boxes: number[][] = []) => {
  const png = new PNG({ width: g.columns, height: g.rows });
  for (let i = 0; i < px.length; i++) { png.data[4*i]=png.data[4*i+1]=png.data[4*i+2]=px[i]!; png.data[4*i+3]=255; }
  for (const b of boxes) { const [x0,y0,x1,y1] = b.map(Math.round) as [number,number,number,number];
    for (let x=x0;x<x1;x++) for (const y of [y0,y1-1]) if (x>=0&&x<g.columns&&y>=0&&y<g.rows) png.data[4*(y*g.columns+x)]=255;
    for (let y=y0;y<y1;y++) for (const x of [x0,x1-1]) if (x>=0&&x<g.columns&&y>=0&&y<g.rows) png.data[4*(y*g.columns+x)]=255; }
  writeFileSync(`/tmp/${name}.png`, PNG.sync.write(png));
};
const mid = s.plan.mid.geometry;
save("sag", mid, previewImage(s, mid), s.truth.vertebrae.map(v => v.box));
const ax = s.plan.series.filter(x => x.kind === "axial-t2").flatMap(x => x.images);
const wanted = process.argv[4] ?? "L4-L5";
const at = s.truth.slices.filter(x => x.atDisc && x.level === wanted)[0]!;
const img = ax.find(i => i.sopInstanceUid === at.sopInstanceUid)!;
save("ax", img.geometry, previewImage(s, img.geometry), at.roi ? [at.roi] : []);
console.log(JSON.stringify(s.truth.levels));
