/**
 * A time as api.github.com writes it: ISO 8601 in UTC to the second (`2026-11-24T10:00:00Z`).
 * The state keeps milliseconds (so order stays exact); answers drop them, as GitHub's do.
 */
export function githubTime(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(".000Z", "Z");
}

// The state's own form (`toISOString`'s): its seconds are already GitHub's, with no date to build.
const UTC_STAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z$/;

/**
 * `githubTime` of a stamp the state holds. A page of 100 versions writes 200 of them, and every
 * answer's time counts against the client in the latency bench: the usual form is cut, not parsed.
 */
export function githubTimeOf(stamp: string): string {
  return UTC_STAMP.test(stamp) ? `${stamp.slice(0, 19)}Z` : githubTime(Date.parse(stamp));
}
