/**
 * A time as api.github.com writes it: ISO 8601 in UTC to the second (`2026-11-24T10:00:00Z`).
 * The state keeps milliseconds (so order stays exact); answers drop them, as GitHub's do.
 */
export function githubTime(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(".000Z", "Z");
}
