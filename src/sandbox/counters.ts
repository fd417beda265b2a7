import type { RateLimitCounters } from "./primary-limit.js";

/** What the sandbox has served, as `sandbox.counters()` and `GET /_sandbox/counters` report it. */
export interface SandboxCounters {
  /** Requests answered (the sandbox's own `/_sandbox/…` paths excepted). */
  readonly requests: number;
  /** Requests answered per route, named as GitHub's OpenAPI paths (`GET /user/packages/{package_type}/…`). */
  readonly byRoute: Readonly<Record<string, number>>;
  /** Deletes and restores carried out. */
  readonly mutations: number;
  /** Requests received and not yet answered (held mutations included). */
  readonly inFlight: number;
  /** The most requests in flight at once: a client's concurrency, seen without timing it. */
  readonly peakInFlight: number;
  /** Mutations received and held by `pauseMutationsAfter` (counted in `inFlight` too). */
  readonly heldMutations: number;
  /** What each budget (a user's tokens, an installation token, an IP address) spent, hour by hour. */
  readonly rateLimits: readonly RateLimitCounters[];
}

export class RequestCounters {
  #requests = 0;
  #inFlight = 0;
  #peak = 0;
  readonly #byRoute = new Map<string, number>();

  arrived(): void {
    this.#peak = Math.max(this.#peak, ++this.#inFlight);
  }

  answered(route: string | undefined): void {
    this.#inFlight--;
    this.#requests++;
    const name = route ?? "(unrouted)";
    this.#byRoute.set(name, (this.#byRoute.get(name) ?? 0) + 1);
  }

  get inFlight(): number {
    return this.#inFlight;
  }

  get peakInFlight(): number {
    return this.#peak;
  }

  snapshot(
    mutations: number,
    heldMutations: number,
    rateLimits: readonly RateLimitCounters[],
  ): SandboxCounters {
    return {
      requests: this.#requests,
      byRoute: Object.fromEntries([...this.#byRoute].sort(([a], [b]) => a.localeCompare(b))),
      mutations,
      inFlight: this.#inFlight,
      peakInFlight: this.#peak,
      heldMutations,
      rateLimits,
    };
  }
}
