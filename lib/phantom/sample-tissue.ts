import type { SpineModel } from "./anatomy";
import type { TissueContrast } from "./contrast";
import type { Rng } from "./prng";

/** Signal of the phantom at a point of spine space (mm) under a contrast; see createSampler. */
export type Sampler = (x: number, y: number, z: number, contrast: TissueContrast) => number;

/** Coverage of a shape from its approximate signed distance (mm): a 0.8 mm soft edge that anti-aliases in plane. */
function cov(sdf: number): number {
  return sdf <= -0.4 ? 1 : sdf >= 0.4 ? 0 : 0.5 - sdf * 1.25;
}

/** Approximate signed distance (mm) to an axis-aligned ellipse with half-axes hx, hy. */
function ellipseSdf(dx: number, dy: number, hx: number, hy: number): number {
  const n = Math.sqrt((dx * dx) / (hx * hx) + (dy * dy) / (hy * hy));
  return (n - 1) * (hx < hy ? hx : hy);
}
/**
 * Bean-shaped cross-section of a vertebral body or disc in (l, a) (mm, a = anterior): an ellipse
 * whose posterior margin is pushed forward by `notch` mm near the midline (negative: convex).
 */
function kidneySdf(l: number, a: number, halfW: number, halfD: number, notch: number): number {
  let aa = a;
  if (a < 0) {
    const q = l / (0.5 * halfW);
    const bump = q * q < 1 ? 1 - q * q : 0;
    aa = a - notch * bump;
  }
  return ellipseSdf(l, aa, halfW, halfD);
}

const mix = (a: number, b: number, t: number) => a + (b - a) * t;

/**
 * Compiles a spine model into a fast point sampler. Shapes are analytic signed distances painted
 * back to front (body wall, fat, muscles, viscera, posterior elements, canal and sac, vertebral
 * bodies, discs, herniations), each with a soft edge, so a sample is already partial-volumed in
 * plane; callers average samples through the slice thickness.
 */
export function createSampler(model: SpineModel, rng: Rng): Sampler {
  const { arc, vertebrae, discs, soft } = model;
  const n = vertebrae.length;
  const vs = vertebrae.map((v) => v.s);
  const sMin = vs[0]! - 60;
  const sMax = vs[n - 1]! + 60;
  // Segment index by 1 mm of arc: k such that vertebra k's centre ≤ s < vertebra k+1's.
  const segTable = new Int8Array(Math.ceil(sMax - sMin) + 2);
  for (let i = 0; i < segTable.length; i++) {
    const s = sMin + i;
    let k = -1;
    while (k + 1 < n && vs[k + 1]! <= s) k++;
    segTable[i] = k;
  }
  const noiseTable = new Float32Array(4096);
  for (let i = 0; i < noiseTable.length; i++) noiseTable[i] = rng.next() * 2 - 1;
  const hash = (a: number, b: number, c: number) => noiseTable[(Math.imul(a, 73856093) ^ Math.imul(b, 19349663) ^ Math.imul(c, 83492791)) & 4095]!;
  /** Smooth value noise in [-1, 1] with unit lattice spacing. */
  const noise = (x: number, y: number, z: number): number => {
    const ix = Math.floor(x);
    const iy = Math.floor(y);
    const iz = Math.floor(z);
    let fx = x - ix;
    let fy = y - iy;
    let fz = z - iz;
    fx = fx * fx * (3 - 2 * fx);
    fy = fy * fy * (3 - 2 * fy);
    fz = fz * fz * (3 - 2 * fz);
    const x00 = mix(hash(ix, iy, iz), hash(ix + 1, iy, iz), fx);
    const x10 = mix(hash(ix, iy + 1, iz), hash(ix + 1, iy + 1, iz), fx);
    const x01 = mix(hash(ix, iy, iz + 1), hash(ix + 1, iy, iz + 1), fx);
    const x11 = mix(hash(ix, iy + 1, iz + 1), hash(ix + 1, iy + 1, iz + 1), fx);
    return mix(mix(x00, x10, fy), mix(x01, x11, fy), fz);
  };

  const sL1 = vertebrae[2]!.s;
  const sL4 = vertebrae[5]!.s;
  const sL5 = vertebrae[6]!.s;
  const sT12 = vertebrae[1]!.s;
  const sS1 = vertebrae[7]!.s;
  const sS2 = vertebrae[8]!.s;
  const rootCount = soft.roots.length;
  const roots = Float64Array.from(soft.roots.flat());
  const sacrumStart = vertebrae[7]!.s - vertebrae[7]!.height / 2;

  // Receive-coil bias: the spine coil sits under the back, so signal falls off anteriorly.
  const bias = (v: number, a: number, l: number) => {
    const b = 1 - soft.biasSlope * a + soft.biasLateral * l;
    return v * (b < 0.6 ? 0.6 : b > 1.5 ? 1.5 : b);
  };

  return (x, y, z, c) => {
    const l = x;
    // Body wall in a straight frame that follows 40 % of the lordosis (the back's own curve);
    // the arc frame below is only meaningful near the spine.
    const dz = arc.cz - z;
    const spineY = arc.cy - Math.sqrt(Math.max(arc.radius * arc.radius - dz * dz, 0));
    // The back follows the lordosis, the belly hardly at all (blended over 80 mm to avoid a seam).
    const aStraight = -y - soft.bodyCenterA;
    const back = aStraight <= -40 ? 1 : aStraight >= 40 ? 0 : 0.5 - aStraight / 80;
    const aWall = -(y - (0.1 + 0.25 * back) * spineY);
    const bodySdf = ellipseSdf(l, aWall - soft.bodyCenterA, soft.bodyHalfWidth, soft.bodyHalfDepth);
    if (bodySdf >= 0.4) return c.air;
    const vy = y - arc.cy;
    const vz = z - arc.cz;
    const r = Math.sqrt(vy * vy + vz * vz);
    const s = (Math.atan2(-vz, -vy) - arc.theta0) * arc.radius;
    const a = r - arc.radius;
    let v = mix(c.air, c.skin, cov(bodySdf));
    v = mix(v, c.fat, cov(bodySdf + 2.5));
    const deepSdf = bodySdf + 2.5 + soft.fatMm;
    if (deepSdf > 0.4) return bias(v, aWall, l);
    const tex = noise(x * 0.17, y * 0.17, z * 0.17);

    // Cross-section sizes at this height, interpolated between body centres.
    const ti = Math.floor(s - sMin);
    const k = ti < 0 ? -1 : ti >= segTable.length ? n - 1 : segTable[ti]!;
    const lo = vertebrae[k < 0 ? 0 : k]!;
    const hi = vertebrae[k + 1 < n ? k + 1 : n - 1]!;
    const f = hi === lo ? 0 : Math.min(1, Math.max(0, (s - lo.s) / (hi.s - lo.s)));
    const D = mix(lo.depth, hi.depth, f);
    const W = mix(lo.width, hi.width, f);
    const sacrum = s > sacrumStart;
    const taper = s < sS1 ? 1 : s > sS2 ? 0 : 1 - (s - sS1) / (sS2 - sS1);
    const sacHW = soft.sacHalfWidth * (sacrum ? 0.55 + 0.45 * taper : 1);
    const sacHD = soft.sacHalfDepth * (sacrum ? 0.5 + 0.5 * taper : 1);
    const margin = soft.canalMarginMm;
    const aSac = -D / 2 - margin - sacHD;
    const aBack = aSac - sacHD - margin;

    // Deep compartment: viscera in front of the spine, retroperitoneal / paraspinal fat behind.
    const deepCov = cov(deepSdf);
    const peritoneum = ellipseSdf(l, a - (D / 2 + 8 + soft.bodyHalfDepth), soft.bodyHalfWidth * 0.78, soft.bodyHalfDepth);
    const deep = peritoneum < 0 ? c.viscera * (1 + 0.45 * noise(x * 0.06, y * 0.06, z * 0.06) + 0.15 * tex) : c.fat * (1 + 0.05 * tex);
    v = mix(v, deep, deepCov);

    if (a > D / 2 + 40) return bias(v, aWall, l);

    // Muscles: psoas grows caudally from T12; quadratus lumborum; multifidus and erector spinae.
    // (No muscle lies inside the column in front of the canal: the bounds below are conservative.)
    const ps = soft.paraspinalScale;
    const absL = Math.abs(l);
    if (a <= aBack || absL >= W / 2 - 5) {
    const muscleTex = c.muscle * (1 + 0.12 * tex);
    let m = ellipseSdf(Math.abs(l) - 13 * ps, a - (aBack - 17 * ps), 9.5 * ps, 15 * ps);
    m = Math.min(m, ellipseSdf(Math.abs(l) - 36 * ps, a - (aBack - 19 * ps), 19 * ps, 17 * ps));
    if (s > sT12 - 10 && !sacrum) {
      const grow = Math.min(1, Math.max(0, (s - sT12) / (sL5 - sT12)));
      const pr = (5 + 13 * grow) * soft.psoasScale;
      m = Math.min(m, ellipseSdf(Math.abs(l) - (W / 2 + pr * 0.8), a - (2 + pr * 0.3), pr, pr * 0.85));
      if (s < sL5) m = Math.min(m, ellipseSdf(Math.abs(l) - (W / 2 + 38), a - (aSac + 4), 13, 8));
    }
    v = mix(v, muscleTex, cov(m) * deepCov);
    }

    // Kidneys (T12–L2), aorta (left) and IVC (right) in front of the spine; iliac vessels below L4.
    if (s > sT12 - 30 && s < vertebrae[3]!.s + 20) {
      const kd = ellipseSdf(Math.abs(l) - (W / 2 + 62), a - 6, 26, 20);
      const kz = Math.max(kd, Math.abs(s - (sL1 - 5)) - 55);
      v = mix(v, c.kidney * (1 + 0.08 * tex), cov(kz));
    }
    const aVessel = D / 2 + 13;
    if (s < sL4 + 8) {
      v = mix(v, c.vessel, cov(ellipseSdf(l - 12, a - aVessel, 10, 10)));
      v = mix(v, c.vessel, cov(ellipseSdf(l + 18, a - aVessel + 1, 12, 8)));
    } else if (!sacrum) {
      const spread = 12 + 0.35 * (s - sL4 - 8);
      v = mix(v, c.vessel, cov(ellipseSdf(Math.abs(l) - spread, a - aVessel, 6, 6)));
    }

    // Everything below lies within the spine's core region.
    const ps0 = soft.paraspinalScale;
    if (Math.abs(l) > Math.max(W / 2 + 30, s > sL5 - 15 ? W / 2 + 72 : 56) || a < aBack - 32 * ps0 - 6 || a > D / 2 + 8) return bias(v, aWall, l);

    // Posterior elements, as one union of shapes in the arc frame.
    const near = k >= 0 && k + 1 < n ? (s - lo.s < hi.s - s ? lo : hi) : lo;
    const u = s - near.s;
    const h2 = near.height / 2;
    let pe = 1e9;
    if (a > -D / 2 + 7 && absL < W / 2 + 40) {
      // In front of every posterior element.
    } else if (sacrum) {
      // Sacrum: lateral masses and dorsal plate around a small canal.
      const mass = Math.max(Math.abs(l) - 52, sacHW + 2 - Math.abs(l), a + D / 2 - 6, aBack - 5 - a);
      const plate = Math.max(Math.abs(l) - 50, a - aBack, aBack - 9 - a);
      pe = Math.min(mass, plate);
      pe = Math.max(pe, sacrumStart + 3 - s);
    } else {
      const pedicle = Math.max(Math.abs(Math.abs(l) - (sacHW + 6)) - 3.8, a + D / 2 - 3, aSac - 2 - a, Math.abs(u + h2 / 6) - h2 * 0.62);
      pe = pedicle;
      if (near.label !== null) {
        const tp = Math.max(Math.abs(l) - (W / 2 + 18 + (near.name === "L3" ? 8 : 0)), sacHW + 8 - Math.abs(l), Math.abs(a - aSac) - 4, Math.abs(u + h2 / 4) - 4.5);
        pe = Math.min(pe, tp);
      }
      // Laminae arch behind the canal, each vertebra's reaching down past its inferior endplate.
      const ringOuter = ellipseSdf(l, a - aSac, sacHW + 11, sacHD + margin + 7);
      const ring = Math.max(ringOuter, -ellipseSdf(l, a - aSac, sacHW + 5, sacHD + margin + 2.5), a - aSac + 1);
      for (let j = 0; j < 2; j++) {
        const vv = j === 0 ? lo : hi;
        const uu = s - vv.s;
        const inRange = Math.max(-vv.height / 2 + 4 - uu, uu - (vv.height / 2 + 5));
        // Spinous process in the vertebra's own rigid frame (a hatchet sloping caudally), so that
        // the processes do not fan out with the lordotic arc behind the canal.
        const ry = y - vv.center[1];
        const rz = z - vv.center[2];
        const tv = ry * vv.up[1] + rz * vv.up[2];
        const av = ry * vv.anterior[1] + rz * vv.anterior[2];
        const depth = aBack - 4 - av;
        const spinous = Math.max(Math.abs(l) - 3.2, -depth, depth - 26 * ps, -(vv.height / 2 + 3) - 0.3 * depth - tv, tv - (vv.height / 4 - 0.3 * depth));
        pe = Math.min(pe, Math.max(ring, inRange), spinous);
      }
      // Facet joints at each disc level: superior and inferior articular processes side by side.
      const facetDisc = k >= 0 ? discs[k] : undefined;
      if (facetDisc) {
        const du = Math.abs(s - facetDisc.s) - (facetDisc.height / 2 + 8);
        const fl = Math.abs(l) - (sacHW + 9);
        const sap = ellipseSdf(fl + 1.5, a - (aSac + 1), 5, 6.5);
        const iap = ellipseSdf(fl - 2.5, a - (aSac - 5), 4.5, 6);
        pe = Math.min(pe, Math.max(Math.min(sap, iap), du));
      }
    }
    // Iliac wings beside the lower lumbar spine and sacrum.
    if (s > sL5 - 15) {
      const wing = Math.max(ellipseSdf(Math.abs(l) - (W / 2 + 62), a + 18, 9, 34), sL5 - 15 - s);
      pe = Math.min(pe, wing);
    }
    if (pe < 0.4) {
      v = mix(v, c.cortex, cov(pe));
      v = mix(v, c.boneMarrowPosterior * (1 + 0.1 * tex), cov(pe + 1.3));
    }

    // Canal: ligamentum flavum, epidural fat, then the dural sac with cord or cauda equina roots.
    if (taper > 0 && a < -D / 2 + 3 && absL < sacHW + 9) {
      const canal = ellipseSdf(l, a - aSac, sacHW + 3.5, sacHD + margin);
      if (canal < 2.4) {
        if (a < aSac) v = mix(v, c.ligament, cov(canal - 2));
        v = mix(v, c.epiduralFat, cov(canal));
        const sacSdf = ellipseSdf(l, a - aSac, sacHW, sacHD);
        if (sacSdf < 0.4) {
          let inside = c.csf;
          const dl = l / sacHW;
          const da = (a - aSac) / sacHD;
          if (s < soft.conusS) {
            const cordSdf = ellipseSdf(l, a - aSac + 0.8, 4.6, 3.6);
            inside = mix(inside, c.cord, cov(cordSdf));
          } else {
            for (let ri = 0; ri < rootCount; ri++) {
              const el = (dl - roots[2 * ri]!) * sacHW;
              const ea = (da - roots[2 * ri + 1]!) * sacHD;
              if (el * el + ea * ea < 1.1) {
                inside = c.root;
                break;
              }
            }
          }
          v = mix(v, inside, cov(sacSdf));
        }
      }
    }

    if (a < -D / 2 - 16 || absL > W / 2 + 10) return bias(v, aWall, l);

    // Vertebral bodies (rigid blocks) and the disc between them.
    let tUpper = Infinity;
    let tLower = -Infinity;
    for (let j = k; j <= k + 1; j++) {
      const vv = vertebrae[j];
      if (!vv) continue;
      const t = (y - vv.center[1]) * vv.up[1] + (z - vv.center[2]) * vv.up[2];
      if (j === k) tUpper = t + vv.height / 2;
      else tLower = t - vv.height / 2;
      const cross = kidneySdf(l, a, vv.width / 2, vv.depth / 2, 2);
      const body = Math.max(Math.abs(t) - vv.height / 2, cross);
      if (body < 0.4) {
        v = mix(v, c.cortex, cov(body));
        v = mix(v, c.marrow * (1 + 0.1 * tex + 0.06 * noise(x * 0.5, y * 0.5, z * 0.5)), cov(body + 1.3));
      }
    }
    const disc = k >= 0 ? discs[k] : undefined;
    if (disc && tUpper < 0.4 && tLower > -0.4) {
      const gapCov = Math.min(cov(tUpper), cov(-tLower));
      const upperV = vertebrae[k]!;
      const lowerV = vertebrae[k + 1]!;
      const hw = (upperV.width + lowerV.width) / 4;
      const hd = (upperV.depth + lowerV.depth) / 4;
      const e = disc.bulgeMm;
      const dSdf = kidneySdf(l, a, hw + e * 0.8, hd + (a < 0 ? e : e * 0.6), disc.notchMm);
      if (dSdf < 0.4) {
        v = mix(v, c.annulus * (1 + 0.1 * tex), cov(dSdf) * gapCov);
        const frac = -tLower / (tUpper - tLower || 1);
        const nucleusH = Math.abs(frac - 0.5) - 0.3;
        const nSdf = Math.max(ellipseSdf(l, a + 2, hw * 0.58, hd * 0.52), nucleusH * 8);
        const nucleus = c.nucleus ?? disc.nucleusT2;
        v = mix(v, nucleus * (1 + 0.06 * tex), cov(nSdf) * gapCov);
      }
    }
    // Herniation: focal protrusion from the posterior margin into the canal.
    const hCand = disc?.herniation ? disc : undefined;
    if (hCand?.herniation) {
      const hn = hCand.herniation;
      const du = Math.abs(s - hCand.s) - hn.halfHeightMm;
      if (du < 0.4) {
        const uV = vertebrae[hCand.upper]!;
        const hd = (uV.depth + vertebrae[hCand.lower]!.depth) / 4;
        const margin0 = -hd + hCand.notchMm * 0.6;
        const blob = ellipseSdf(l - hn.lateralMm, a - (margin0 - hn.depthMm / 2 + 1.5), hn.halfWidthMm, hn.depthMm / 2 + 1.5);
        const shape = Math.max(blob, du);
        if (shape < 0.4) {
          // Inside a vertebral body (endplate level) the body wins.
          if (Math.max(tUpper, -tLower) < 0 || a < margin0) {
            v = mix(v, c.annulus * 0.6, cov(shape));
            v = mix(v, hn.signal * c.herniationScale, cov(shape + 0.9));
          }
        }
      }
    }
    return bias(v, aWall, l);
  };
}
