/** A wait longer than this is said on any output, CI logs included: a run that pauses this long looks hung. */
export const LONG_WAIT_MS = 5_000;

/**
 * The one line a long wait gets: what it waits for, how long, and until when (UTC, to the second), so a
 * reader of a CI log knows the run is not hung: `waiting 62 s, until 2026-11-24T10:01:02Z, for GitHub's
 * rate limit to reset (GET /user/packages/…)`. Undefined for a wait of 5 s or less, unless `verbose`.
 */
export function waitNotice(what: string, waitMs: number, nowMs: number, verbose = false): string | undefined {
  if (waitMs <= LONG_WAIT_MS && !verbose) return undefined;
  const until = new Date(nowMs + waitMs).toISOString().replace(/\.\d+Z$/, "Z");
  return `waiting ${duration(waitMs)}, until ${until}, for ${what}`;
}

function duration(ms: number): string {
  const seconds = Math.ceil(ms / 1000);
  if (seconds < 120) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  return minutes < 120
    ? `${minutes} min ${seconds % 60} s`
    : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}
