import { GitHubError } from "../live/github-error.js";
import type { PackageSource } from "../live/source.js";
import type { Operation } from "../plan/types.js";
import { dispatch, type StopReason } from "./dispatch.js";
import { JournalError, type JournalWriter } from "./journal.js";
import { schedule } from "./order.js";
import { realTimer, type Timer } from "./timer.js";

export type { StopReason };

export interface OperationResult {
  readonly operation: Operation;
  /**
   * `skipped`: never sent, because an operation it waited for did not succeed (the delete of an image
   * that lists it, the restore of a child it lists); `not sent`: never sent,
   * because the run stopped first (Ctrl-C, --max-duration, a journal that cannot be written).
   */
  readonly outcome: "done" | "failed" | "skipped" | "not sent";
  /** GitHub's message on failure; a note such as "already gone" when a 404 meant done. */
  readonly message?: string;
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
}

export interface ApplyOutcome {
  readonly results: OperationResult[];
  /** Why the run stopped before the end of its plan, if it did. */
  readonly stoppedBy: StopReason | undefined;
  /** Set when the journal could not be written: nothing was sent after that. */
  readonly journalError: JournalError | undefined;
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
  let journalError: JournalError | undefined;
  // Journals through here: a line that cannot be written stops the run (and is not retried).
  const record = (op: Operation, event: "sent" | "done" | "failed", message?: string): boolean => {
    try {
      journal.record(op, event, message);
      return true;
    } catch (error) {
      if (!(error instanceof JournalError)) throw error;
      journalError ??= error;
      stop.abort("journal failed" satisfies StopReason);
      return false;
    }
  };

  const send = async (op: Operation) => {
    if (!record(op, "sent")) {
      report({ operation: op, outcome: "not sent", message: "the journal could not be written" });
      return;
    }
    const result = await carryOut(source, op);
    record(op, result.outcome === "done" ? "done" : "failed", result.message);
    report(result);
    for (const { operation, because } of order.settle(op, result.outcome === "done"))
      report({
        operation,
        outcome: "skipped",
        message:
          because.action === "delete"
            ? `not sent: the delete of its parent ${because.version.name} did not succeed`
            : `not sent: the restore of ${because.version.name}, which it lists, did not succeed; restored without it, the image would not pull`,
      });
  };

  try {
    const stoppedBy = await dispatch(order, send, {
      concurrency: options.concurrency,
      intervalMs: options.writeIntervalMs,
      stop: stop.signal,
      timer: options.timer ?? realTimer,
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

/** Sends one operation; a failure whose answer may have been lost is checked with a GET first. */
async function carryOut(source: PackageSource, op: Operation): Promise<OperationResult> {
  const { ref, version } = op;
  try {
    await (op.action === "delete"
      ? source.deleteVersion(ref, version.id)
      : source.restoreVersion(ref, version.id));
    return { operation: op, outcome: "done" };
  } catch (error) {
    const message = error instanceof GitHubError ? error.githubMessage : (error as Error).message;
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

/**
 * A 404 may mean an earlier try already did it (its answer was lost, the retry found nothing to do);
 * a 5xx that outlasted every retry, or no answer at all, may hide a change that happened.
 */
function mayHaveHappened(error: unknown): boolean {
  if (!(error instanceof GitHubError)) return false;
  return error.status === undefined || error.status === 404 || error.status >= 500;
}
