/**
 * GitHub's primary rate limit, as its answers report it: `x-ratelimit-limit`, `-remaining` and
 * `-reset` (the window's end in UTC epoch seconds) on every REST answer, errors included.
 *
 * How far off the reset is, is counted on GitHub's clock: `reset − date` of the same answer, then
 * carried on this machine's monotonic clock from the moment the answer arrived. GitHub's docs compare
 * the reset with "the current time in UTC epoch seconds"; counting from the answer's own `date` is
 * that comparison made on the server's clock, so a runner whose clock is off (or a sandbox whose clock
 * a test moves) waits neither too little nor an hour too long. An answer without `date` is counted
 * against this machine's clock instead.
 */

/** The budget as the last answers told it. */
export interface RateLimitStatus {
  /** Requests an hour. */
  readonly limit: number;
  /** Requests left in this window, less those on their way now (their answers will tell). */
  readonly remaining: number;
  /** When the window resets, on GitHub's clock (epoch ms): what a plan shows. */
  readonly resetAt: number;
  /** How long until then, from now (0 or less: it has reset, and `remaining` is the whole `limit`). */
  readonly msUntilReset: number;
  /** REST requests this client has sent (a plan's reads, for one). */
  readonly sent: number;
}

/** What the budget is read from: an answer's headers, as `fetch` gives them or as a plain record. */
export interface HeaderReader {
  get(name: string): string | null;
}

/** Keeps the budget up to date from every request that leaves and every answer that comes back. */
export interface RateLimitTracker {
  /** A REST request is leaving: it spends one before its answer says so. */
  sending(): void;
  /** Its answer's headers (none when no answer came). */
  answered(headers: HeaderReader | undefined): void;
  /** The budget now; undefined until an answer carried `x-ratelimit-*` (an Enterprise Server with limits off never does). */
  status(): RateLimitStatus | undefined;
}

/** GitHub's windows last an hour: after a reset, the next one is assumed to be an hour long. */
export const WINDOW_MS = 3_600_000;

interface Observed {
  readonly limit: number;
  readonly remaining: number;
  /** `x-ratelimit-reset`, epoch seconds: names the window. */
  readonly reset: number;
  /** On the monotonic clock. */
  readonly resetsAt: number;
}

export function rateLimitTracker(
  monotonic: () => number = () => performance.now(),
  wallClock: () => number = Date.now,
): RateLimitTracker {
  let observed: Observed | undefined;
  let pending = 0;
  let sent = 0;
  return {
    sending() {
      pending++;
      sent++;
    },
    answered(headers) {
      pending = Math.max(0, pending - 1);
      const seen = headers && readBudget(headers, wallClock);
      if (!seen) return;
      const next = { ...seen, resetsAt: monotonic() + seen.msUntilReset };
      // Answers arrive out of order: within a window the lowest count is the latest; an older window's is stale.
      if (!observed || next.reset > observed.reset) observed = next;
      else if (next.reset === observed.reset)
        observed = { ...observed, remaining: Math.min(observed.remaining, next.remaining) };
    },
    status() {
      if (!observed) return undefined;
      const msUntilReset = observed.resetsAt - monotonic();
      const fresh = msUntilReset <= 0;
      return {
        limit: observed.limit,
        remaining: Math.max(0, (fresh ? observed.limit : observed.remaining) - pending),
        resetAt: observed.reset * 1000 + (fresh ? WINDOW_MS : 0),
        msUntilReset: fresh ? WINDOW_MS : msUntilReset,
        sent,
      };
    },
  };
}

/** The budget an answer reports, with how long its window has left on the server's clock. */
export function readBudget(
  headers: HeaderReader,
  wallClock: () => number = Date.now,
): { limit: number; remaining: number; reset: number; msUntilReset: number } | undefined {
  const resource = headers.get("x-ratelimit-resource");
  // Search and GraphQL have budgets of their own; packages are `core`.
  if (resource !== null && resource !== "core") return undefined;
  const limit = whole(headers.get("x-ratelimit-limit"));
  const remaining = whole(headers.get("x-ratelimit-remaining"));
  const window = untilReset(headers, wallClock);
  if (limit === undefined || remaining === undefined || window === undefined) return undefined;
  return { limit, remaining: Math.min(remaining, limit), ...window };
}

/** `x-ratelimit-reset` (epoch seconds), and how long until then on the server's clock. */
export function untilReset(
  headers: HeaderReader,
  wallClock: () => number = Date.now,
): { reset: number; msUntilReset: number } | undefined {
  const reset = whole(headers.get("x-ratelimit-reset"));
  if (reset === undefined) return undefined;
  const date = Date.parse(headers.get("date") ?? "");
  const serverNow = Number.isNaN(date) ? wallClock() : date;
  return { reset, msUntilReset: reset * 1000 - serverNow };
}

/**
 * A primary rate limit's refusal: 403 or 429 with `x-ratelimit-remaining: 0`. GitHub: "you should not
 * retry your request until after the time specified by the x-ratelimit-reset header" (a secondary
 * limit's answer keeps remaining above 0, and asks with `retry-after`).
 */
export function isPrimaryRefusal(status: number | undefined, remaining: unknown): boolean {
  return (status === 403 || status === 429) && String(remaining) === "0";
}

/** `2026-11-24T11:00:00Z`: a reset as plans and messages show it. */
export function resetTime(epochMs: number): string {
  return new Date(Math.ceil(epochMs / 1000) * 1000).toISOString().replace(/\.000Z$/, "Z");
}

/** `52 min`, `40 s`, `2 h 5 min`: how long until a reset, for a person. */
export function howLong(ms: number): string {
  const s = Math.max(0, Math.ceil(ms / 1000));
  if (s < 60) return `${s} s`;
  const min = Math.ceil(s / 60);
  return min < 60 ? `${min} min` : `${Math.floor(min / 60)} h${min % 60 ? ` ${min % 60} min` : ""}`;
}

function whole(value: string | null): number | undefined {
  if (value === null || !/^\d+$/.test(value.trim())) return undefined;
  return Number(value);
}
