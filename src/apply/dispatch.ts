import type { Operation } from "../plan/types.js";
import type { Pace } from "./budget.js";
import type { Schedule } from "./order.js";
import type { Timer } from "./timer.js";

/** Why a run stopped sending before the end of its plan. */
export type StopReason = "interrupted" | "out of time" | "journal failed" | "rate limit";

export interface DispatchOptions {
  /** Operations on the wire at once, when there is no pause to keep. */
  readonly concurrency: number;
  /** The pause between two sends, measured from the previous send; with a pause, one at a time. */
  readonly intervalMs: number;
  /** On the timer's clock: nothing new is sent from then on (--max-duration). */
  readonly deadline?: number;
  /** Aborted (with a StopReason) to send nothing more: Ctrl-C, a journal that cannot be written. */
  readonly stop: AbortSignal;
  readonly timer: Timer;
  /** Asked before each send, with how many are on the wire: the rate-limit budget's say (budget.ts). */
  readonly pace?: (onWire: number) => Pace;
}

/**
 * The only place a mutation starts. The next operation is taken only when its turn has come, the
 * previous send's pause is over and there is room on the wire; the stop signal and the deadline are
 * looked at immediately before, and `send` runs in the same tick (it writes the journal's `sent` line
 * and starts the request). So nothing ever waits in a queue after it was journaled as sent, and a
 * stop sends nothing more. Resolves, when everything sent has settled, with why it stopped early (if it did).
 */
export async function dispatch(
  schedule: Schedule,
  send: (op: Operation) => Promise<void>,
  options: DispatchOptions,
): Promise<StopReason | undefined> {
  const { timer, stop } = options;
  const onWire = new Set<Promise<void>>();
  const room = options.intervalMs > 0 ? 1 : options.concurrency;
  let lastSend = -Infinity;
  const stopped = (): StopReason | undefined => {
    if (stop.aborted) return stop.reason as StopReason;
    if (options.deadline !== undefined && timer.now() >= options.deadline) return "out of time";
    return undefined;
  };
  let reason: StopReason | undefined;
  for (;;) {
    reason = stopped();
    if (reason) break;
    if (onWire.size >= room) {
      await Promise.race(onWire);
      continue;
    }
    if (!schedule.hasReady()) {
      if (onWire.size === 0) break;
      await Promise.race(onWire); // what lands may make others ready
      continue;
    }
    const paced = options.pace?.(onWire.size) ?? { kind: "send", gapMs: 0 };
    if (paced.kind === "stop") {
      reason = "rate limit";
      break;
    }
    if (paced.kind === "settle") {
      await Promise.race(onWire);
      continue;
    }
    if (paced.kind === "reset") {
      await timer.sleep(paced.waitMs, stop);
      continue;
    }
    const due = lastSend + Math.max(options.intervalMs, paced.gapMs) - timer.now();
    if (due > 0) {
      const untilDeadline = options.deadline === undefined ? due : options.deadline - timer.now();
      await timer.sleep(Math.max(0, Math.min(due, untilDeadline)), stop);
      continue;
    }
    const op = schedule.take();
    if (op === undefined) break;
    lastSend = timer.now();
    const sending: Promise<void> = send(op).finally(() => onWire.delete(sending));
    onWire.add(sending);
  }
  await Promise.all(onWire);
  return reason;
}
