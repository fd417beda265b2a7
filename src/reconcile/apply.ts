import { applyOperations, type ApplyOptions, type OperationResult, type StopReason } from "../apply/apply.js";
import type { JournalError } from "../journal/journal.js";
import type { Plan } from "../plan/types.js";
import type { ApplyPorts } from "./ports.js";

export type { ApplyOptions, OperationResult, StopReason };

/** What apply did: a result per operation, and the counts a summary or an Action output shows. */
export interface ApplyReport {
  readonly results: readonly OperationResult[];
  readonly deleted: number;
  readonly restored: number;
  readonly failed: number;
  /** Never sent because a delete above them did not succeed (they stay with the image that lists them). */
  readonly skipped: number;
  /** Never sent because the run stopped first: the next run carries on with them. */
  readonly notStarted: number;
  /** Why the run stopped before the end of the plan: Ctrl-C, --max-duration, the journal. */
  readonly stoppedBy: StopReason | undefined;
  readonly journalError: JournalError | undefined;
}

/** plan → changes: carries out a plan's operations through the ports and reports on each. */
export async function applyPlan(ports: ApplyPorts, plan: Plan, options: ApplyOptions): Promise<ApplyReport> {
  const { results, stoppedBy, journalError } = await applyOperations(
    ports.source,
    plan.operations,
    ports.journal,
    options,
  );
  const count = (outcome: OperationResult["outcome"], action?: string) =>
    results.filter((r) => r.outcome === outcome && (action === undefined || r.operation.action === action))
      .length;
  return {
    results,
    deleted: count("done", "delete"),
    restored: count("done", "restore"),
    failed: count("failed"),
    skipped: count("skipped"),
    notStarted: count("not sent"),
    stoppedBy,
    journalError,
  };
}
