/**
 * A DICOM Person Name (PN) in human form: "Doe^Jane^Q^Dr^Jr" → "Doe, Dr Jane Q, Jr".
 * PS3.5 6.2 (PN): up to three component groups separated by "=" (alphabetic, ideographic,
 * phonetic); within a group five components separated by "^": family, given, middle, prefix,
 * suffix. The first non-empty group is used. Null/empty → null. Control characters are dropped.
 */
export function personNameOf(pn: string | null | undefined): string | null {
  if (!pn) return null;
  const group = pn.replace(/[\u0000-\u001f\u007f-\u009f]/g, "").split("=").find((g) => g.replace(/\^/g, "").trim().length > 0);
  if (!group) return null;
  const [family = "", given = "", middle = "", prefix = "", suffix = ""] = group.split("^").map((c) => c.trim());
  const rest = [prefix, given, middle].filter(Boolean).join(" ");
  const main = family && rest ? `${family}, ${rest}` : family || rest;
  return suffix ? `${main}, ${suffix}` : main;
}

/**
 * A DICOM Date (DA, PS3.5 6.2: YYYYMMDD; the retired ACR-NEMA form YYYY.MM.DD is accepted) as
 * ISO 8601 "2024-07-20". Null/empty → null; a value that is no date is returned trimmed, as given.
 */
export function dicomDateOf(da: string | null | undefined): string | null {
  if (!da || !da.trim()) return null;
  const m = /^(\d{4})\.?(\d{2})\.?(\d{2})$/.exec(da.trim());
  return m ? `${m[1]}-${m[2]}-${m[3]}` : da.trim();
}
