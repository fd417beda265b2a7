import { Octokit } from "@octokit/rest";
import { throttling } from "@octokit/plugin-throttling";
import { retry } from "@octokit/plugin-retry";
import Bottleneck from "bottleneck";

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
  /** The pause between two mutations (GitHub asks about a second of clients that send many). */
  readonly writeIntervalMs: number;
  /** How many mutations may run at once when there is no pause to keep. */
  readonly writeConcurrency: number;
  /** Scales every wait of the retry and throttling plugins; 1000 means their waits are in seconds. */
  readonly retryBaseMs: number;
  /** Told each time a rate limit is waited out, so a long pause is never a silent one. */
  readonly onWait: (message: string) => void;
}

/** One client per run: plugins wait out rate limits and retry 5xx, so no listing is ever half-read. */
export function createClient(options: ClientOptions): Client {
  const quiet = () => undefined;
  return new GhpkgOctokit({
    baseUrl: options.apiUrl,
    ...(options.token ? { auth: options.token } : {}),
    userAgent: options.userAgent,
    log: { debug: quiet, info: quiet, warn: quiet, error: quiet },
    retry: { retryAfterBaseValue: options.retryBaseMs },
    throttle: {
      retryAfterBaseValue: options.retryBaseMs,
      // A group of this run's own: the plugin's default is shared by every client in the process.
      write: new Bottleneck.Group({
        maxConcurrent: options.writeIntervalMs > 0 ? 1 : options.writeConcurrency,
        minTime: options.writeIntervalMs,
      }),
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
}
