import { Octokit } from "@octokit/rest";
import { throttling } from "@octokit/plugin-throttling";
import { retry } from "@octokit/plugin-retry";
import Bottleneck from "bottleneck";
import { redactor, type Redact } from "../model/redact.js";

const GhpkgOctokit = Octokit.plugin(throttling, retry);
export type Client = InstanceType<typeof GhpkgOctokit>;

interface Request {
  readonly method: string;
  readonly url: string;
}

export interface ClientOptions {
  readonly apiUrl: string;
  readonly token: string | undefined;
  readonly userAgent: string;
  /** The most mutations a caller puts on the wire at once: the client never holds one of them back. */
  readonly writeConcurrency: number;
  /** Scales every wait of the retry and throttling plugins; 1000 means their waits are in seconds. */
  readonly retryBaseMs: number;
  /** Told each time a rate limit is waited out, so a long pause is never a silent one. */
  readonly onWait: (message: string) => void;
}

// The plugin's own limit on requests at once, which reads rely on to bound a package's parallel pages.
const READS_AT_ONCE = 10;

/**
 * One client per run: plugins wait out rate limits and retry 5xx, so no listing is ever half-read.
 * Mutations are never queued here: apply paces them itself (apply/dispatch.ts), so that what it
 * journals as sent is on its way, and a stop sends nothing more. A retried mutation is the same one.
 * Whatever an error carries back from the server (its message, body, headers) is redacted here,
 * where it enters ghpkg.
 */
export function createClient(options: ClientOptions): Client {
  const quiet = () => undefined;
  const client = new GhpkgOctokit({
    baseUrl: options.apiUrl,
    ...(options.token ? { auth: options.token } : {}),
    userAgent: options.userAgent,
    log: { debug: quiet, info: quiet, warn: quiet, error: quiet },
    retry: { retryAfterBaseValue: options.retryBaseMs },
    throttle: {
      retryAfterBaseValue: options.retryBaseMs,
      // Groups of this run's own (the plugin's defaults are shared by every client in the process),
      // and none that holds a mutation back: the write group's default is one a second, in a queue.
      global: new Bottleneck.Group({ maxConcurrent: Math.max(READS_AT_ONCE, options.writeConcurrency) }),
      write: new Bottleneck.Group({ maxConcurrent: null, minTime: 0 }),
      // The plugin types these handlers as returning void, but reads the result: true retries.
      onRateLimit: (retryAfter: number, request: Request, _octokit: unknown, retryCount: number) => {
        options.onWait(`rate limit reached; waiting ${retryAfter}s before ${request.method} ${request.url}`);
        return retryCount < 2;
      },
      onSecondaryRateLimit: (retryAfter: number, request: Request, _octokit: unknown, retryCount: number) => {
        options.onWait(
          `secondary rate limit; waiting ${retryAfter}s before ${request.method} ${request.url}`,
        );
        return retryCount < 5;
      },
    },
  });
  const redact = redactor([options.token]);
  client.hook.error("request", (error) => {
    throw redactError(error, redact);
  });
  return client;
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
