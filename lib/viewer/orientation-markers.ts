import type { Vec3 } from "@/lib/dicom/types";

/** The letters at the four edges of a displayed image. */
export interface TOrientationMarkers {
  left: string;
  right: string;
  top: string;
  bottom: string;
}

/**
 * Letters for a direction in the patient coordinate system (LPS), PS3.3 C.7.6.1.1.1 (Patient
 * Orientation): +x = L, −x = R, +y = P, −y = A, +z = H, −z = F. The main letter comes first,
 * then the other axes whose cosine is at least `obliqueMin` in magnitude, in decreasing order
 * (an oblique axial tilted 20° towards the feet reads "AF", as OHIF and most PACS show it).
 */
export function directionLetters(v: Vec3, obliqueMin = 0.25): string {
  const axes: Array<[number, string, string]> = [[v[0], "L", "R"], [v[1], "P", "A"], [v[2], "H", "F"]];
  const ranked = axes.map(([c, pos, neg]) => ({ m: Math.abs(c), letter: c >= 0 ? pos : neg })).sort((a, b) => b.m - a.m);
  const [first, ...rest] = ranked;
  if (!first || first.m === 0) return "";
  return first.letter + rest.filter((r) => r.m >= obliqueMin).map((r) => r.letter).join("");
}

/**
 * The orientation letters for the edges of an image shown unflipped, from Image Orientation
 * (Patient) (0020,0037), PS3.3 C.7.6.2.1.1: the row cosines point from the left edge to the
 * right edge (increasing column), the column cosines from the top edge to the bottom edge.
 * An axial image of a supine patient, IOP [1,0,0, 0,1,0], gives left R, right L, top A, bottom P.
 */
export function orientationMarkers(rowCosines: Vec3, columnCosines: Vec3): TOrientationMarkers {
  const neg = (v: Vec3): Vec3 => [-v[0], -v[1], -v[2]];
  return { left: directionLetters(neg(rowCosines)), right: directionLetters(rowCosines), top: directionLetters(neg(columnCosines)), bottom: directionLetters(columnCosines) };
}
