/**
 * Longest DICOM text a listing shows, in characters (PS3.5 6.2, Table 6.2-1): LO (Study
 * Description, Patient ID) 64; SH (Accession Number) 16 and DA (Study Date) 8, both bounded here
 * as LO; PN 64 per component group, three groups and two "=" → 194. A conformant value is never cut.
 */
export const SHOWN_TEXT_MAX = { LO: 64, SH: 64, PN: 3 * 64 + 2 } as const;

/**
 * `text` unchanged when it has at most `max` characters (code points), else its first `max - 1`
 * and "…": DICOM text is untrusted, and one imported value of 30,000 characters must not widen
 * every row of a listing or its JSON. Escaping is React's job; this only bounds. Null stays null.
 */
export function boundedText<T extends string | null>(text: T, max: number): T {
  if (text === null || text.length <= max) return text;
  const chars = Array.from(text);
  return (chars.length <= max ? text : `${chars.slice(0, max - 1).join("")}…`) as T;
}
