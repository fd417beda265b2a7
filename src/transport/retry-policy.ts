/**
 * How a read that met a transient fault is tried again. GitHub API reads go through
 * @octokit/plugin-retry (live/client.ts), configured from these; registry reads (a manifest, the pull
 * token) follow the same schedule (registry/retry.ts), so that a passing fault in either changes no plan.
 */

/** Tries after the first: the retry plugin's default. */
export const READ_RETRIES = 3;

/** Statuses that say the request itself is wrong: asking again gets the same answer (the plugin's list). */
export const DO_NOT_RETRY: readonly number[] = [400, 401, 403, 404, 410, 422, 451];

/** 1 s, 4 s, 9 s at GitHub's pace: the plugin waits the retry's number squared, times the base. */
export const DEFAULT_RETRY_BASE_MS = 1000;

/** The wait before retry `retry` (1 for the first). */
export function retryWaitMs(retry: number, baseMs: number): number {
  return retry * retry * baseMs;
}

/** An answer worth asking again for: a 5xx, a 429, anything not in DO_NOT_RETRY. */
export function isTransientStatus(status: number): boolean {
  return status >= 400 && !DO_NOT_RETRY.includes(status);
}

/** `GHPKG_RETRY_BASE_MS` (tests and benchmarks shorten the waits), else DEFAULT_RETRY_BASE_MS. */
export function retryBase(value: string | undefined): number {
  const ms = Number(value);
  return value !== undefined && value.trim() !== "" && Number.isFinite(ms) && ms >= 0 && ms <= 60_000
    ? ms
    : DEFAULT_RETRY_BASE_MS;
}
