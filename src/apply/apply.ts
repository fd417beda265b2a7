import { githubReason, mayHaveHappened, RateLimited } from "../live/github-error.js";
import { howLong } from "../live/rate-limit.js";
import type { PackageSource } from "../live/source.js";
import type { Operation } from "../plan/types.js";
import { pace, whenSpent } from "./budget.js";
import { dispatch, type StopReason } from "./dispatch.js";
import { schedule } from "./order.js";
import { realTimer, type Timer } from "./timer.js";

export type { StopReason };

export interface OperationResult {
  readonly operation: Operation;
  /**
   * `skipped`: never sent, because an operation it waited for did not succeed (the delete of an image
   * that lists it, the restore of a child it lists); `not sent`: not carried
   * out because the run stopped first (Ctrl-C, --max-duration, the rate-limit budget spent, a journal
   * that cannot be written), including one that GitHub's rate limit turned away (GitHub did nothing).
   */
  readonly outcome: "done" | "failed" | "skipped" | "not sent";
  /** GitHub's message on failure; a note such as "already gone" when a 404 meant done. */
  readonly message?: string;
}

/** A journal line's event: sent just before the request; done, failed, or not done (refused by the rate limit, left for later). */
export type JournalEvent = "sent" | "done" | "failed" | "not done";

/**
 * What the executor needs of a journal: a line written, and on the disk, before `record` returns.
 * `record` throws when it cannot write; from then on nothing more is sent.
 */
export interface JournalWriter {
  record(op: Operation, event: JournalEvent, message?: string): void;
  close(): void;
}

export interface ApplyOptions {
  /** Operations on the wire at once when there is no pause to keep. */
  readonly concurrency: number;
  /** The pause between two sends, from the previous send (GitHub asks for a second); 0 for none. */
  readonly writeIntervalMs: number;
  /** Aborted on Ctrl-C: nothing more is sent; what is on the wire is awaited and journaled. */
  readonly signal?: AbortSignal;
  /** On the timer's clock: nothing new is sent from then on (--max-duration). */
  readonly deadline?: number;
  readonly timer?: Timer;
  readonly onResult?: (result: OperationResult) => void;
  /** Told when apply waits for the rate limit's reset, so a long pause is never a silent one. */
  readonly onWait?: (message: string) => void;
}

export interface ApplyOutcome {
  readonly results: OperationResult[];
  /** Why the run stopped before the end of its plan, if it did. */
  readonly stoppedBy: StopReason | undefined;
  /** Set when the journal could not be written: nothing was sent after that. */
  readonly journalError: Error | undefined;
}

/**
 * Carries out operations, in the order apply/order.ts gives, paced and bounded by apply/dispatch.ts.
 * Each operation is journaled immediately before it is sent and after. One failure does not stop the
 * others; a journal that cannot be written stops everything not yet sent. The results say what
 * happened to each operation.
 */
export async function applyOperations(
  source: PackageSource,
  operations: readonly Operation[],
  journal: JournalWriter,
  options: ApplyOptions,
): Promise<ApplyOutcome> {
  const order = schedule(operations);
  const results: OperationResult[] = [];
  const report = (result: OperationResult) => {
    results.push(result);
    options.onResult?.(result);
  };
  const stop = new AbortController();
  const interrupted = () => stop.abort("interrupted" satisfies StopReason);
  if (options.signal?.aborted) interrupted();
  options.signal?.addEventListener("abort", interrupted);
  let journalError: Error | undefined;
  // Journals through here: a line that cannot be written stops the run (and is not retried).
  const record = (op: Operation, event: JournalEvent, message?: string): boolean => {
    try {
      journal.record(op, event, message);
      return true;
    } catch (error) {
      journalError ??= error instanceof Error ? error : new Error(String(error));
      stop.abort("journal failed" satisfies StopReason);
      return false;
    }
  };

  const timer = options.timer ?? realTimer;
  const untilDeadline = () => (options.deadline === undefined ? undefined : options.deadline - timer.now());
  let taken = 0;
  let skipped = 0;
  const announceWait = (ms: number) =>
    options.onWait?.(
      `the token's rate limit is spent; waiting ${howLong(ms)} for its reset before sending more`,
    );

  const send = async (op: Operation) => {
    taken++;
    for (;;) {
      if (!record(op, "sent")) {
        report({ operation: op, outcome: "not sent", message: "the journal could not be written" });
        return;
      }
      const result = await carryOut(source, op);
      if (result instanceof RateLimited) {
        // GitHub did nothing: not a failure of the operation. It is sent again after the reset, if
        // that comes in time, or left for the next run.
        const journaled = record(
          op,
          "not done",
          `${result.githubMessage} (the rate limit; nothing was done)`,
        );
        const next = whenSpent(result.msUntilReset, untilDeadline());
        if (journaled && next.kind === "reset" && !stop.signal.aborted) {
          announceWait(next.waitMs);
          await timer.sleep(next.waitMs, stop.signal);
          if (!stop.signal.aborted) continue;
        }
        if (!stop.signal.aborted) stop.abort("rate limit" satisfies StopReason);
        report({
          operation: op,
          outcome: "not sent",
          message: "GitHub's rate limit turned it away; the next run sends it",
        });
        return;
      }
      record(op, result.outcome === "done" ? "done" : "failed", result.message);
      report(result);
      for (const { operation, because } of order.settle(op, result.outcome === "done")) {
        skipped++;
        report({
          operation,
          outcome: "skipped",
          message:
            because.action === "delete"
              ? `not sent: the delete of its parent ${because.version.name} did not succeed`
              : `not sent: the restore of ${because.version.name}, which it lists, did not succeed; restored without it, the image would not pull`,
        });
      }
      return;
    }
  };

  // The budget GitHub's answers report, as dispatch paces by it (budget.ts).
  const paced = (onWire: number) => {
    const status = source.rateLimit?.();
    const decision = pace({
      budget: status && { remaining: status.remaining, msUntilReset: status.msUntilReset },
      left: operations.length - taken - skipped,
      onWire,
      msUntilDeadline: untilDeadline(),
    });
    if (decision.kind === "reset") announceWait(decision.waitMs);
    return decision;
  };

  try {
    const stoppedBy = await dispatch(order, send, {
      concurrency: options.concurrency,
      intervalMs: options.writeIntervalMs,
      stop: stop.signal,
      timer,
      pace: paced,
      ...(options.deadline === undefined ? {} : { deadline: options.deadline }),
    });
    for (const op of order.untaken())
      report(
        stoppedBy
          ? { operation: op, outcome: "not sent" }
          : // Only a hand-edited plan has a cycle of parents: nothing in it can go first.
            { operation: op, outcome: "failed", message: "not sent: its parents form a cycle in the plan" },
      );
    return { results, stoppedBy, journalError };
  } finally {
    options.signal?.removeEventListener("abort", interrupted);
  }
}

/**
 * Sends one operation; a failure whose answer may have been lost is checked with a GET first. A
 * refusal by the rate limit comes back as such: GitHub did nothing.
 */
async function carryOut(source: PackageSource, op: Operation): Promise<OperationResult | RateLimited> {
  const { ref, version } = op;
  try {
    await (op.action === "delete"
      ? source.deleteVersion(ref, version.id)
      : source.restoreVersion(ref, version.id));
    return { operation: op, outcome: "done" };
  } catch (error) {
    if (error instanceof RateLimited) return error;
    const message = githubReason(error);
    if (!mayHaveHappened(error)) return { operation: op, outcome: "failed", message };
    const now = await source.getActiveVersion(ref, version.id).then(
      (found) => (found ? "active" : "gone"),
      () => "unknown",
    );
    if (now === (op.action === "delete" ? "gone" : "active"))
      return {
        operation: op,
        outcome: "done",
        message: op.action === "delete" ? "already gone" : "already active",
      };
    return { operation: op, outcome: "failed", message };
  }
}
