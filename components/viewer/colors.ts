/** Level colours shared by reference lines, ROIs and chips (readable on black and on the panels). */
export const LEVEL_COLORS: Record<string, string> = {
  "L1-L2": "#4da3ff",
  "L2-L3": "#b49cff",
  "L3-L4": "#3fb97f",
  "L4-L5": "#e8b339",
  "L5-S1": "#ff7a7a",
};
export const NO_LEVEL_COLOR = "#8a93a3";
export const AI_BOX_COLOR = "#4da3ff";
export const HUMAN_BOX_COLOR = "#5ee0a0";
export const levelColor = (level: string | null | undefined) => (level ? (LEVEL_COLORS[level] ?? NO_LEVEL_COLOR) : NO_LEVEL_COLOR);
