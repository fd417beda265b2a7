/**
 * One line of `npm run bench`: what was measured, what the same run says is the best possible
 * (the ideal), and the goal. Ratios to an ideal measured alongside hold on a shared, noisy machine
 * where absolute times do not.
 */
export interface Figure {
  readonly what: string;
  readonly measured: string;
  /** The ideal and how it was computed, or "—" when the goal is absolute. */
  readonly ideal: string;
  /** measured / ideal, when there is an ideal. */
  readonly ratio?: number;
  readonly goal: string;
  readonly met: boolean;
}

/** How many times each figure is measured; the median is reported. */
export const RUNS = 3;

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? NaN)
    : ((sorted[middle - 1] ?? NaN) + (sorted[middle] ?? NaN)) / 2;
}

/** Runs `measure` RUNS times, one after the other (never two at once: they would share the CPU). */
export async function repeat<T>(measure: (run: number) => T | Promise<T>): Promise<T[]> {
  const results: T[] = [];
  for (let run = 0; run < RUNS; run++) results.push(await measure(run));
  return results;
}

/** Runs `use`, then closes the sandbox, also when `use` failed (an open server would keep the bench alive). */
export async function closing<T>(sandbox: { close(): Promise<void> }, use: () => Promise<T>): Promise<T> {
  try {
    return await use();
  } finally {
    await sandbox.close();
  }
}

export const seconds = (ms: number) =>
  ms >= 100_000
    ? `${Math.round(ms / 1000)} s`
    : ms >= 1000
      ? `${(ms / 1000).toFixed(2)} s`
      : `${Math.round(ms)} ms`;
export const ratio = (value: number) => `${value.toFixed(2)}x`;
export const count = (n: number) => n.toLocaleString("en-US");

export function renderFigures(figures: readonly Figure[]): string[] {
  return [
    "| figure | measured | ideal (same run) | ratio | goal | |",
    "|---|---:|---|---:|---|---|",
    ...figures.map(
      (f) =>
        `| ${f.what} | ${f.measured} | ${f.ideal} | ${f.ratio === undefined ? "—" : ratio(f.ratio)} | ${f.goal} | ${f.met ? "met" : "**missed**"} |`,
    ),
  ];
}
