/**
 * What goes wrong between a client and GitHub, on purpose and replayably: 502s, answers lost after
 * the work was done, GitHub's secondary rate limits (too many requests at once, mutations too close
 * together, or simply every Nth mutation), and a registry whose token service or manifests falter.
 */
export interface FaultOptions {
  /** The share of requests answered 502 before anything happens. */
  readonly faultRate?: number;
  /** The share of mutations carried out and then answered 502, as when a proxy loses the answer. */
  readonly lostResponseRate?: number;
  /** Every Nth mutation is refused with GitHub's secondary rate limit (403, retry-after). */
  readonly secondaryRateLimitEvery?: number;
  /** A mutation sooner than this after the previous one gets a secondary rate limit, as GitHub may answer. */
  readonly minMutationIntervalMs?: number;
  /** More requests than this in flight at once get a secondary rate limit (GitHub documents 100). */
  readonly maxConcurrentRequests?: number;
  /** The status of a rate-limit refusal, secondary and primary alike: GitHub answers 403 or 429. */
  readonly secondaryLimitStatus?: 403 | 429;
  /** Seeds the fault dice, so a failing run can be replayed. */
  readonly seed?: number;
  /** The first this many requests to the registry's `/token` are answered 502: a token service that falters. */
  readonly tokenFaults?: number;
  /** The first this many manifest reads (`/v2/…/manifests/…`) are answered 502. */
  readonly manifestFaults?: number;
}

export const SECONDARY_LIMIT_MESSAGE =
  "You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID.";

export interface Faults {
  /** Answer this request 502 before doing anything? */
  serverError(): boolean;
  /** Answer this mutation, already carried out, with 502? */
  lostResponse(): boolean;
  /** A request arrives with `inFlight` admitted requests already running: over the limit? */
  tooConcurrent(inFlight: number): boolean;
  /** A mutation is about to be carried out at `nowMs` (a monotonic clock): refuse it? */
  mutationLimited(nowMs: number): boolean;
  /** Answer this registry request (by its path) 502, as one of the first `tokenFaults` or `manifestFaults`? */
  registryFault(path: string): boolean;
  readonly limitStatus: 403 | 429;
}

export function faults(options: FaultOptions): Faults {
  const random = seededRandom(options.seed ?? 1);
  let mutations = 0;
  let lastMutationAt = -Infinity;
  let tokenFaults = options.tokenFaults ?? 0;
  let manifestFaults = options.manifestFaults ?? 0;
  return {
    serverError: () => Boolean(options.faultRate) && random() < (options.faultRate ?? 0),
    lostResponse: () => Boolean(options.lostResponseRate) && random() < (options.lostResponseRate ?? 0),
    tooConcurrent: (inFlight) =>
      options.maxConcurrentRequests !== undefined &&
      options.maxConcurrentRequests > 0 &&
      inFlight >= options.maxConcurrentRequests,
    mutationLimited(nowMs) {
      mutations++;
      const sinceLast = nowMs - lastMutationAt;
      lastMutationAt = nowMs;
      return Boolean(
        (options.secondaryRateLimitEvery && mutations % options.secondaryRateLimitEvery === 0) ||
        (options.minMutationIntervalMs && sinceLast < options.minMutationIntervalMs),
      );
    },
    registryFault(path) {
      if (path === "/token" && tokenFaults > 0) return tokenFaults-- > 0;
      if (/^\/v2\/.+\/manifests\//.test(path) && manifestFaults > 0) return manifestFaults-- > 0;
      return false;
    },
    limitStatus: options.secondaryLimitStatus ?? 403,
  };
}

/** mulberry32: small, fast, and the same sequence for the same seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
