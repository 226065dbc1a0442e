/** Axis ticks from 0: `[0, step, 2·step, …]` up to the first tick at or above `max`. */
export interface Ticks {
  values: number[];
  /** The last tick: the top of the axis. */
  top: number;
  /** The first tick when the axis does not start at 0 (a zoomed axis, which the chart marks). */
  bottom?: number;
}

function ticksFrom(step: number, max: number): Ticks {
  const count = Math.max(1, Math.ceil(max / step - 1e-9));
  const values = Array.from({ length: count + 1 }, (_, i) => i * step);
  return { values, top: count * step };
}

/** Integer-friendly ticks for counts (steps of 1, 2 or 5 × 10ⁿ, at most about five intervals). */
export function countTicks(max: number, target = 5): Ticks {
  if (!(max > 0)) return ticksFrom(1, 1);
  const raw = max / target;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = Math.max(1, [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? 10 * magnitude);
  return ticksFrom(step, max);
}

const DURATION_STEPS = [
  1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1_800, 3_600, 7_200, 10_800, 21_600, 43_200, 86_400, 172_800,
  432_000, 604_800, 1_209_600, 2_592_000,
];

/** Ticks in seconds at human steps (1s, 5s, 1m, 15m, 1h, 6h, 1d, 1w, …) for a duration axis. */
export function durationTicks(maxSeconds: number, target = 5): Ticks {
  if (!(maxSeconds > 0)) return ticksFrom(1, 1);
  const raw = maxSeconds / target;
  const step = DURATION_STEPS.find((s) => s >= raw) ?? Math.ceil(raw / 2_592_000) * 2_592_000;
  return ticksFrom(step, maxSeconds);
}

/** Fraction ticks 0, 25 %, 50 %, 75 %, 100 %. */
export function rateTicks(): Ticks {
  return { values: [0, 0.25, 0.5, 0.75, 1], top: 1 };
}

/**
 * Rate ticks zoomed to the data: from a round value at or below `min` (the lowest rate shown) to 100 %, so
 * differences between 80 % and 100 % stay visible. Starts at 0 (no zoom) when the data goes below 40 %.
 */
export function zoomedRateTicks(min: number): Ticks {
  if (!(min >= 0.4)) return rateTicks();
  // Strictly below the lowest rate, so its bar keeps a visible length.
  const bottom = Math.ceil(Math.min(min, 0.99) * 20 - 1e-9) / 20 - 0.05;
  const range = 1 - bottom;
  const step = range <= 0.1 ? 0.02 : range <= 0.25 ? 0.05 : 0.1;
  const count = Math.ceil(range / step - 1e-9);
  const values = Array.from(
    { length: count + 1 },
    (_, i) => Math.round((1 - (count - i) * step) * 1000) / 1000,
  );
  return { values, top: 1, bottom: values[0]! };
}
