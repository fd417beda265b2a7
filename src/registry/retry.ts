import { isTransientStatus, READ_RETRIES, retryWaitMs } from "../transport/retry-policy.js";

/**
 * A registry read (the pull token, a manifest), tried again after a transient fault exactly as the
 * retry plugin tries a GitHub API read: a 5xx or 429 answer, or no answer at all (a lost connection, a
 * read that took too long), up to READ_RETRIES more times, waiting 1, 4 and 9 times the base between.
 * A manifest that cannot be read fails its package closed, so a fault that passes must not reach the plan.
 * The wait is outside `read`, so a read waiting its turn holds no place in the run's read pool.
 * `onWait` is told of each wait before it starts, with why (the answer's status, or none).
 */
export async function withRetries<T extends { readonly status: number }>(
  read: () => Promise<T>,
  baseMs: number,
  onWait?: (waitMs: number, answered: number | undefined) => void,
  sleep: (ms: number) => Promise<void> = delay,
): Promise<T> {
  const wait = (retry: number, answered: number | undefined) => {
    const ms = retryWaitMs(retry, baseMs);
    onWait?.(ms, answered);
    return sleep(ms);
  };
  for (let retry = 1; ; retry++) {
    let answer: T;
    try {
      answer = await read();
    } catch (error) {
      // Only transport failures reach here (read() turns every answer into a status): all transient.
      if (retry > READ_RETRIES) throw error;
      await wait(retry, undefined);
      continue;
    }
    if (!isTransientStatus(answer.status) || retry > READ_RETRIES) return answer;
    await wait(retry, answer.status);
  }
}

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
