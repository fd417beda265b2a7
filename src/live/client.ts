import { Octokit } from "@octokit/rest";
import { throttling } from "@octokit/plugin-throttling";
import { retry } from "@octokit/plugin-retry";
import Bottleneck from "bottleneck";
import type { ReadPool } from "../transport/read-pool.js";
import { httpFetch } from "../transport/http-fetch.js";
import { readTextCapped } from "../transport/read-capped.js";
import { redactor, type Redact } from "../transport/redact.js";
import { READ_TIMEOUT_MS, withTimeout } from "../transport/read-timeout.js";
import { DO_NOT_RETRY, READ_RETRIES } from "../transport/retry-policy.js";
import { DirectLimiter } from "./direct-limiter.js";
import { MalformedAnswer } from "./github-error.js";
import {
  isPrimaryRefusal,
  rateLimitTracker,
  readBudget,
  type HeaderReader,
  type RateLimitTracker,
} from "./rate-limit.js";

const GhpkgOctokit = Octokit.plugin(throttling, retry);
/** Octokit with ghpkg's plugins, and the primary budget its answers report (rate-limit.ts). */
export type Client = InstanceType<typeof GhpkgOctokit> & { readonly budget: RateLimitTracker };

interface Request {
  readonly method: string;
  readonly url: string;
}

export interface ClientOptions {
  readonly apiUrl: string;
  readonly token: string | undefined;
  readonly userAgent: string;
  /** The run's bound on reads in flight, shared with the registry reader; mutations never wait in it. */
  readonly reads?: ReadPool;
  /** Scales every wait of the retry and throttling plugins; 1000 means their waits are in seconds. */
  readonly retryBaseMs: number;
  /** How long one read (a GET, its body included) may take; READ_TIMEOUT_MS unless given. */
  readonly readTimeoutMs?: number;
  /**
   * Told before each wait: a rate limit waited out, or a failed request (5xx) retried. `what` says what
   * the run waits for and for which request; `waitMs` how long, so that a long pause is never a silent one.
   */
  readonly onWait: (what: string, waitMs: number) => void;
  /**
   * How long a read may wait for a spent primary budget to reset, asked when it is spent (apply: the
   * time left before --max-duration); two hours unless given. Past that the read fails (RateLimited).
   */
  readonly maxPrimaryWaitMs?: () => number;
}

/**
 * One client per run: plugins wait out secondary rate limits and retry 5xx, so no listing is ever
 * half-read. Mutations are never queued here: apply paces them itself (apply/dispatch.ts), so that
 * what it journals as sent is on its way, and a stop sends nothing more. A retried mutation is the
 * same one. Whatever an error carries back from the server (its message, body, headers) is redacted
 * here, where it enters ghpkg.
 *
 * The primary rate limit is ghpkg's own business, not the throttling plugin's (which would wait out
 * any request, mutations included, for up to an hour counted on this machine's clock): every answer
 * updates the run's budget (`client.budget`); a read that meets a spent budget waits for the reset,
 * counted on GitHub's clock, when that comes within `maxPrimaryWaitMs`, else fails; a mutation is
 * never retried here, so apply, which paces by the budget, journals it as not done and decides.
 */
export function createClient(options: ClientOptions): Client {
  const quiet = () => undefined;
  const { reads } = options;
  const budget = rateLimitTracker();
  const client = new GhpkgOctokit({
    baseUrl: options.apiUrl,
    ...(options.token ? { auth: options.token } : {}),
    userAgent: options.userAgent,
    request: {
      fetch: budgetedFetch(
        readingFetch(reads, options.readTimeoutMs ?? READ_TIMEOUT_MS),
        budget,
        primaryWaits(options),
      ),
    },
    log: { debug: quiet, info: quiet, warn: quiet, error: quiet },
    // The schedule registry reads follow too (transport/retry-policy.ts): one policy for every read.
    // But 429 is a rate limit (GitHub's primary or secondary), never a fault to retry blindly: the
    // throttling plugin waits out a secondary one, and a primary one is handled as said above.
    retry: {
      retryAfterBaseValue: options.retryBaseMs,
      retries: READ_RETRIES,
      doNotRetry: [...DO_NOT_RETRY, 429],
    },
    throttle: {
      retryAfterBaseValue: options.retryBaseMs,
      // Reads are bounded by the run's pool, mutations paced by apply: the plugin's global and write
      // groups (10 at once; one write a second, in a queue) would only cap and delay them, so they run
      // through a limiter that runs each job at once and retries as Bottleneck would (direct-limiter.ts).
      // The groups ghpkg never sends to keep the plugin's pacing, in groups of this run's own.
      Bottleneck: DirectLimiter as unknown as typeof Bottleneck,
      global: new DirectLimiter.Group() as unknown as Bottleneck.Group,
      write: new DirectLimiter.Group() as unknown as Bottleneck.Group,
      auth: new Bottleneck.Group({ maxConcurrent: 1 }),
      search: new Bottleneck.Group({ maxConcurrent: 1, minTime: 2000 }),
      notifications: new Bottleneck.Group({ maxConcurrent: 1, minTime: 3000 }),
      // The plugin types these handlers as returning void, but reads the result: true retries.
      // A primary limit reaches here only when ghpkg decided not to wait (see above).
      onRateLimit: () => false,
      onSecondaryRateLimit: (retryAfter: number, request: Request, _octokit: unknown, retryCount: number) => {
        if (!waitable(retryAfter)) return false;
        if (retryCount < 5)
          options.onWait(
            `GitHub's secondary rate limit (${request.method} ${request.url})`,
            retryAfter * options.retryBaseMs,
          );
        return retryCount < 5;
      },
    },
  });
  const redact = redactor([options.token]);
  client.hook.error("request", (error) => {
    throw redactError(error, redact);
  });
  tellRetryWaits(client, options);
  return Object.assign(client, { budget });
}

/**
 * The retry plugin waits (its base × 1, 4, 9) before trying a failed request again, and tells nobody:
 * its `retryRequest` (part of its API, which it calls for every retry it decides on) is wrapped to say
 * so first. It retries while fewer than `retries` retries were made.
 */
function tellRetryWaits(client: InstanceType<typeof GhpkgOctokit>, options: ClientOptions): void {
  const redact = redactor([options.token]);
  const retryRequest = client.retry.retryRequest;
  client.retry.retryRequest = (error, retries, retryAfter) => {
    const request = error.request as { method?: string; url?: string; request?: { retryCount?: number } };
    if (retries > (request.request?.retryCount ?? 0))
      options.onWait(
        `a retry of ${request.method ?? "a request"} ${redact(request.url ?? "")}, which was answered ${error.status}`,
        retryAfter * options.retryBaseMs,
      );
    return retryRequest(error, retries, retryAfter);
  };
}

/**
 * GitHub's primary rate limit resets within the hour, and a secondary one asks for a minute or so: a
 * wait beyond two hours (an hour's window, and room for a local clock that is off) is not GitHub's
 * (a reset years away, `retry-after: Infinity`), and waiting it out would hold the run for ever. The
 * request then fails with GitHub's answer, as when retries run out.
 */
const MAX_RATE_LIMIT_WAIT_S = 7200;
const waitable = (seconds: number) => seconds <= MAX_RATE_LIMIT_WAIT_S;

/** A read that met a spent budget: waits for the reset and asks again (twice at most), or gives up. */
interface PrimaryWaits {
  /** How long to wait for this answer's reset, in ms, or undefined to give up on it. */
  waitFor(headers: HeaderReader, request: string): number | undefined;
}

function primaryWaits(options: ClientOptions): PrimaryWaits {
  return {
    waitFor(headers, request) {
      const seen = readBudget(headers);
      if (!seen) return undefined;
      // A second past the reset, as GitHub asks ("until after"), and for `date`'s whole seconds.
      const ms = Math.max(0, seen.msUntilReset) + 1000;
      const allowed = Math.min(options.maxPrimaryWaitMs?.() ?? Infinity, MAX_RATE_LIMIT_WAIT_S * 1000);
      if (ms > allowed) return undefined;
      // Scaled like the plugins' waits (retryBaseMs 1000: as GitHub says), so tests need not wait an hour.
      const scaled = (ms * options.retryBaseMs) / 1000;
      options.onWait(
        `GitHub's rate limit to reset: the token's ${seen.limit} requests an hour are spent (${request})`,
        scaled,
      );
      return scaled;
    },
  };
}

/**
 * Every request spends from the run's budget, and every answer updates it. A GET refused by a spent
 * primary budget (403 or 429, `x-ratelimit-remaining: 0`) waits for the reset when it may, and is
 * sent again; anything else is handed on as it came.
 */
function budgetedFetch(next: typeof fetch, budget: RateLimitTracker, waits: PrimaryWaits): typeof fetch {
  return async (input, init) => {
    const method = init?.method ?? "GET";
    for (let attempt = 0; ; attempt++) {
      budget.sending();
      let response: Response;
      try {
        response = await next(input, init);
      } catch (error) {
        budget.answered(undefined);
        throw error;
      }
      budget.answered(response.headers);
      if (method !== "GET" || attempt >= 2) return response;
      if (!isPrimaryRefusal(response.status, response.headers.get("x-ratelimit-remaining"))) return response;
      const url = new URL(typeof input === "string" || input instanceof URL ? input : input.url);
      const wait = waits.waitFor(response.headers, `GET ${url.pathname}`);
      if (wait === undefined) return response;
      await response.body?.cancel();
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  };
}

/**
 * GETs wait their turn in the pool (when there is one) for as long as they are on the wire, and are
 * given up after `timeoutMs`, body included: a server that never answers, or trickles its answer a
 * byte at a time, is an error of that read, not a run that never ends. Anything else goes at once and
 * is never cut short: a mutation given up on might still happen, and apply journals what it sent.
 */
function readingFetch(reads: ReadPool | undefined, timeoutMs: number): typeof fetch {
  return (input, init) => {
    if ((init?.method ?? "GET") !== "GET") return httpFetch(input, init);
    const read = () => httpFetch(input, { ...init, signal: withTimeout(init?.signal, timeoutMs) });
    return reads ? reads.run(read) : read();
  };
}

/**
 * The most of one answer ghpkg reads: a page of 100 versions is about 100 KB; 16 MiB leaves room for
 * 100 versions of 1,000 tags each, and bounds what a server that never stops sending can fill.
 */
const MAX_ANSWER_BYTES = 16 * 1024 * 1024;

/** Content types a non-JSON answer is named by; any other is not repeated. */
const NAMED_TYPES = new Set([
  "text/html",
  "text/plain",
  "text/xml",
  "application/xml",
  "application/json",
  "application/octet-stream",
]);

/**
 * A GET whose JSON body is parsed with `JSON.parse`: Octokit's own parser (json-with-bigint) takes
 * about twice as long over a page of 100 versions, for integers ghpkg never sees beyond 2^53. The
 * data is unknown until the caller checks its shape (answer-shape.ts).
 */
export async function getJson(
  client: Client,
  route: string,
  parameters: Record<string, unknown>,
): Promise<{ data: unknown; headers: Record<string, string | number | undefined> }> {
  const response = await client.request(route, {
    ...parameters,
    request: { parseSuccessResponseBody: false },
  });
  // Unparsed (parseSuccessResponseBody: false), Octokit's `data` is the body's stream.
  const stream = response.data as ReadableStream<Uint8Array> | null;
  const text = await readTextCapped(stream, MAX_ANSWER_BYTES);
  if (text === undefined)
    throw new MalformedAnswer(`the body is larger than ${MAX_ANSWER_BYTES / 1024 / 1024} MiB`);
  try {
    return { data: JSON.parse(text === "" ? "null" : text) as unknown, headers: response.headers };
  } catch {
    // Only a well-known media type is named (not the body, nor a header as sent: a server may echo the
    // token in either): a proxy's sign-in page shows as text/html.
    const type = String(response.headers["content-type"] ?? "")
      .split(";")[0]
      ?.trim()
      .toLowerCase();
    const named = type !== undefined && NAMED_TYPES.has(type) ? type : undefined;
    throw new MalformedAnswer(`the body is not JSON${named ? ` (${named})` : ""}`);
  }
}

interface ServerError {
  message: string;
  response?: { url?: string; headers?: Record<string, unknown>; data?: unknown };
}

/** The error, with every string it carries from the server redacted (in place: it keeps its class). */
function redactError(error: unknown, redact: Redact): unknown {
  if (!(error instanceof Error)) return error;
  const e = error as Error & ServerError;
  e.message = redact(e.message);
  if (e.stack) e.stack = redact(e.stack);
  if (e.response) {
    e.response.data = redactDeep(e.response.data, redact);
    if (e.response.headers)
      e.response.headers = redactDeep(e.response.headers, redact) as Record<string, unknown>;
  }
  return error;
}

function redactDeep(value: unknown, redact: Redact): unknown {
  if (typeof value === "string") return redact(value);
  if (Array.isArray(value)) return value.map((v) => redactDeep(v, redact));
  if (value && typeof value === "object")
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactDeep(v, redact)]));
  return value;
}
