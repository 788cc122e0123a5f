import { FINDING_VOCABULARY, type TAxialZone, type TDiscContour, type THerniation, type TLevelFinding } from "./schema";

/**
 * The level panel's finding shortcuts (issue 16: a reader refines with the keyboard), as data so
 * the viewer's help lists exactly what applyFindingKey does. Keys are case-insensitive.
 */
export const FINDING_KEYS: readonly { keys: string; does: string }[] = [
  { keys: "N / B / H", does: "normal / bulge (again: symmetric → asymmetric) / herniation" },
  { keys: "P / E / Q / U", does: "protrusion / extrusion / sequestration / type unspecified" },
  { keys: "C", does: "central zone" },
  { keys: "L / R", does: "left / right zone (again: subarticular → foraminal → extraforaminal)" },
  { keys: "1 / 2 / 3 / 0", does: "canal compromise mild / moderate / severe / not stated" },
  { keys: "Esc", does: "back to the images" },
];

const SIDE_ZONES: Record<"l" | "r", readonly TAxialZone[]> = {
  l: ["subarticular-left", "foraminal-left", "extraforaminal-left"],
  r: ["subarticular-right", "foraminal-right", "extraforaminal-right"],
};
const TYPES = { p: "protrusion", e: "extrusion", q: "sequestration", u: "unspecified" } as const;
const COMPROMISE = { "1": "mild", "2": "moderate", "3": "severe" } as const;

/**
 * The finding after one shortcut key (FINDING_KEYS), or null when the key is not a finding
 * shortcut. `current` null: the level has no value yet. Changing the contour keeps stenosis,
 * Modic, Pfirrmann and the comment; a herniation detail key on a non-herniation makes it a
 * herniation of unspecified type first.
 */
export function applyFindingKey(current: TLevelFinding | null, key: string): TLevelFinding | null {
  const k = key.toLowerCase();
  const base: TLevelFinding = current ?? { vocabulary: FINDING_VOCABULARY, disc: { contour: "normal" } };
  const withDisc = (disc: TDiscContour): TLevelFinding => ({ ...base, disc });
  const herniation: THerniation = base.disc.contour === "herniation" ? base.disc : { contour: "herniation", type: "unspecified" };
  if (k === "n") return withDisc({ contour: "normal" });
  if (k === "b") {
    if (base.disc.contour !== "bulge") return withDisc({ contour: "bulge" });
    return withDisc({ contour: "bulge", symmetry: base.disc.symmetry === "symmetric" ? "asymmetric" : "symmetric" });
  }
  if (k === "h") return withDisc(herniation);
  if (k in TYPES) return withDisc({ ...herniation, type: TYPES[k as keyof typeof TYPES] });
  if (k === "c") return withDisc({ ...herniation, zone: "central" });
  if (k === "l" || k === "r") {
    const zones = SIDE_ZONES[k];
    const at = herniation.zone ? zones.indexOf(herniation.zone) : -1;
    return withDisc({ ...herniation, zone: zones[(at + 1) % zones.length]! });
  }
  if (k in COMPROMISE) return withDisc({ ...herniation, canalCompromise: COMPROMISE[k as keyof typeof COMPROMISE] });
  if (k === "0" && base.disc.contour === "herniation") {
    const { canalCompromise: _dropped, ...rest } = base.disc;
    return withDisc(rest);
  }
  return null;
}
