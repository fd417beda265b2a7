import Bottleneck from "bottleneck";

type Job = (...args: unknown[]) => Promise<unknown>;
type FailedHandler = (
  error: unknown,
  info: { args: unknown[]; retryCount: number },
) => number | null | undefined | Promise<number | null | undefined | void> | void;

/**
 * The part of Bottleneck's API that the throttling plugin uses, without Bottleneck's queue: a job runs
 * at once, and a failed one is retried after what the `failed` listener answers, as Bottleneck does.
 * ghpkg bounds reads with its own pool (read-pool.ts) and paces mutations in apply/dispatch.ts, so the
 * plugin's limiters only cost: each Bottleneck job takes four timer hops through its datastore (about
 * 15 ms a request), and its global group caps reads at 10 in flight. Handed to the plugin through its
 * documented `Bottleneck` option, so the plugin's rate-limit handling itself is unchanged.
 */
export class DirectLimiter {
  static readonly Events = Bottleneck.Events;
  static readonly Group = class DirectGroup {
    private readonly limiter = new DirectLimiter();
    key(): DirectLimiter {
      return this.limiter;
    }
  };

  private readonly failed: FailedHandler[] = [];

  on(event: string, handler: FailedHandler): void {
    if (event === "failed") this.failed.push(handler);
  }

  /** `schedule(job, ...args)` or `schedule(jobOptions, job, ...args)`, as Bottleneck takes them. */
  async schedule(...input: unknown[]): Promise<unknown> {
    const [job, ...args] = (typeof input[0] === "function" ? input : input.slice(1)) as [Job, ...unknown[]];
    for (let retryCount = 0; ; retryCount++) {
      try {
        return await job(...args);
      } catch (error) {
        const wait = await this.retryAfter(error, args, retryCount);
        if (wait === undefined) throw error;
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      }
    }
  }

  /** The first answer of the listeners that is not null, as Bottleneck's `trigger` takes it; a listener that throws answers null. */
  private async retryAfter(error: unknown, args: unknown[], retryCount: number): Promise<number | undefined> {
    const answers = await Promise.all(
      this.failed.map(async (handler) => {
        try {
          return await handler(error, { args, retryCount });
        } catch {
          return undefined;
        }
      }),
    );
    const retry = answers.find((a) => a !== null && a !== undefined);
    return retry === null || retry === undefined ? undefined : Math.trunc(Number(retry)) || 0;
  }
}
