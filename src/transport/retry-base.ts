/** GitHub's pace: the retry and throttling plugins' waits are in seconds. */
export const RETRY_BASE_MS = 1000;

/**
 * `GHPKG_RETRY_BASE_MS` scales every retry wait (tests and benchmarks shorten it; users keep
 * GitHub's pace). Anything that is not a number of milliseconds, 0 or more, leaves GitHub's pace.
 */
export function retryBase(value: string | undefined): number {
  const ms = Number(value);
  return value !== undefined && value.trim() !== "" && Number.isFinite(ms) && ms >= 0 ? ms : RETRY_BASE_MS;
}
