import { findAccount, stableId } from "./accounts.js";
import { bearerToken, identify } from "./callers.js";
import { restError, type Answer } from "./exchange.js";
import type { SandboxState } from "./state.js";

/** GitHub's primary windows last an hour from the first request after the previous one ended. */
export const WINDOW_MS = 3_600_000;
/** A personal token's hourly limit, and an installation token's as Actions' `GITHUB_TOKEN` has it. */
export const CLASSIC_LIMIT = 5000;
export const INSTALLATION_LIMIT = 1000;
/** Requests without a (valid) token, counted per IP address. */
export const UNAUTHENTICATED_LIMIT = 60;

const DOCS = "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api";

/** Who a budget belongs to, as GitHub counts it: a user (all its tokens), an installation, or an IP address. */
export interface Budget {
  readonly key: string;
  /** How GitHub's refusal names it: `user ID 1234`, `installation ID 5678`, `127.0.0.1`. */
  readonly subject: string;
  readonly limit: number;
}

/** One hour of a budget: when it began and reset, what was spent in it, and how many requests were refused. */
export interface RateLimitWindow {
  readonly started_at: string;
  readonly resets_at: string;
  readonly used: number;
  readonly refused: number;
}

/** What one budget spent, window by window, as `/_sandbox/counters` reports it. */
export interface RateLimitCounters {
  readonly budget: string;
  readonly limit: number;
  readonly windows: readonly RateLimitWindow[];
}

export interface PrimaryLimitOptions {
  readonly state: SandboxState;
  readonly clock: () => number;
  /** Every token's hourly limit, unless the state gives a token its own `rate_limit`. */
  readonly rateLimit?: number;
  readonly status: 403 | 429;
}

interface Window {
  readonly startedAt: number;
  used: number;
  refused: number;
}

/**
 * GitHub's primary rate limit for the REST API: each user (every classic token of it), installation
 * token or IP address (no token) has so many requests an hour. A window starts with the first request
 * after the previous one ended and lasts an hour; at zero, requests are refused (403, or 429) with
 * GitHub's message until it resets. A 304 costs nothing. The registry is not counted, as at ghcr.io.
 */
export class PrimaryLimits {
  readonly #windows = new Map<string, Window[]>();
  readonly #limits = new Map<string, number>();

  constructor(private readonly options: PrimaryLimitOptions) {}

  /** The budget a request spends from, by its Authorization header and where it came from. */
  budgetOf(authorization: string | undefined, address: string | undefined): Budget {
    const token = bearerToken(authorization);
    const caller = token === "" ? undefined : identify(this.options.state, token);
    const entry = token === "" ? undefined : this.options.state.tokens?.[token];
    const own = typeof entry === "object" ? entry.rate_limit : undefined;
    if (caller?.kind === "installation") {
      const id = stableId(token);
      return {
        key: `installation ${id}`,
        subject: `installation ID ${id}`,
        limit: own ?? this.options.rateLimit ?? INSTALLATION_LIMIT,
      };
    }
    if (caller) {
      const id = findAccount(this.options.state, caller.login)?.id ?? stableId(caller.login);
      return {
        key: `user ${caller.login.toLowerCase()}`,
        subject: `user ID ${id}`,
        limit: own ?? this.options.rateLimit ?? CLASSIC_LIMIT,
      };
    }
    const ip = (address ?? "127.0.0.1").replace(/^::ffff:/, "");
    return { key: `ip ${ip}`, subject: ip, limit: UNAUTHENTICATED_LIMIT };
  }

  /** Spends one request of the budget, or answers GitHub's refusal when none is left. */
  admit(budget: Budget): Answer | undefined {
    const window = this.#current(budget);
    if (window.used < budget.limit) {
      window.used++;
      return undefined;
    }
    window.refused++;
    const unauthenticated = budget.key.startsWith("ip ");
    return restError(
      this.options.status,
      unauthenticated
        ? `API rate limit exceeded for ${budget.subject}. (But here's the good news: Authenticated requests get a higher rate limit. Check out the documentation for more details.)`
        : `API rate limit exceeded for ${budget.subject}.`,
      { docs: DOCS },
    );
  }

  /** Spends `requests` of a budget at once, as another process using the same token would. */
  spend(budget: Budget, requests: number): void {
    const window = this.#current(budget);
    window.used = Math.min(budget.limit, window.used + requests);
  }

  /** The `x-ratelimit-*` headers of an answer; a 304 gives its request back first. */
  headers(budget: Budget, notModified: boolean): Record<string, string> {
    const window = this.#current(budget);
    if (notModified && window.used > 0) window.used--;
    const used = Math.min(window.used, budget.limit);
    return {
      "x-ratelimit-limit": String(budget.limit),
      "x-ratelimit-remaining": String(budget.limit - used),
      "x-ratelimit-reset": String(Math.ceil((window.startedAt + WINDOW_MS) / 1000)),
      "x-ratelimit-used": String(used),
      "x-ratelimit-resource": "core",
    };
  }

  /** Every budget that spent anything, with its windows in order. */
  snapshot(): RateLimitCounters[] {
    return [...this.#windows].map(([key, windows]) => ({
      budget: key,
      limit: this.#limits.get(key) ?? 0,
      windows: windows.map((w) => ({
        started_at: iso(w.startedAt),
        resets_at: iso(w.startedAt + WINDOW_MS),
        used: w.used,
        refused: w.refused,
      })),
    }));
  }

  #current(budget: Budget): Window {
    const now = this.options.clock();
    const windows = this.#windows.get(budget.key) ?? [];
    this.#windows.set(budget.key, windows);
    this.#limits.set(budget.key, budget.limit);
    const last = windows.at(-1);
    // A clock moved back (a test's) keeps the window it is in rather than starting one in the past.
    if (last && now < last.startedAt + WINDOW_MS) return last;
    const fresh: Window = { startedAt: now, used: 0, refused: 0 };
    windows.push(fresh);
    return fresh;
  }
}

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
