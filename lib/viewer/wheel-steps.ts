/**
 * Wheel → slice steps, the way a PACS scrolls a stack: one slice per mouse-wheel notch, and
 * trackpad pixel deltas accumulated so that a slow two-finger scroll moves one slice per
 * WHEEL_PX_PER_SLICE px and a momentum flick cannot race through the stack.
 *
 * A wheel event's deltaMode (DOM UI Events, WheelEvent): 0 = pixels, 1 = lines, 2 = pages.
 * Browsers send a mouse notch as ≈100–120 px (Chrome, Safari) or 3 lines (Firefox).
 */

/** Pixels of accumulated delta per slice (≈ one mouse-wheel notch in Chrome). */
export const WHEEL_PX_PER_SLICE = 100;
/** Pixels per line for deltaMode 1 (Firefox's three-line notch = 102 px = one slice). */
const PX_PER_LINE = 34;

export interface TWheelInput {
  /** WheelEvent.deltaY; positive = scroll down = towards the next (caudal / higher index) slice. */
  deltaY: number;
  /** WheelEvent.deltaMode: 0 pixels, 1 lines, 2 pages. */
  deltaMode: number;
}

export interface TWheelResult {
  /** Slices to move: −1, 0 or +1 (never more per event, so one notch is one slice). */
  steps: -1 | 0 | 1;
  /** The residual to pass with the next event, in px; |residual| < WHEEL_PX_PER_SLICE. */
  residual: number;
}

/**
 * Adds one wheel event to the residual and says how many slices to move.
 * - a reversal of direction drops the residual (no lag when the reader turns back);
 * - at most one slice per event (a 10-notch flick moves at most 10 slices; a trackpad burst of
 *   large momentum deltas is throttled to one slice per event);
 * - page mode (2) moves one slice per event.
 */
export function wheelSteps(residual: number, input: TWheelInput): TWheelResult {
  if (!Number.isFinite(input.deltaY) || input.deltaY === 0) return { steps: 0, residual };
  const px = input.deltaMode === 2 ? Math.sign(input.deltaY) * WHEEL_PX_PER_SLICE : input.deltaMode === 1 ? input.deltaY * PX_PER_LINE : input.deltaY;
  const start = Math.sign(residual) !== 0 && Math.sign(residual) !== Math.sign(px) ? 0 : residual;
  const total = start + px;
  const whole = Math.trunc(total / WHEEL_PX_PER_SLICE);
  const steps = (whole > 0 ? 1 : whole < 0 ? -1 : 0) as -1 | 0 | 1;
  const left = total - steps * WHEEL_PX_PER_SLICE;
  const limit = WHEEL_PX_PER_SLICE - 1;
  return { steps, residual: Math.max(-limit, Math.min(limit, left)) };
}
