import { applyOperations, type ApplyOptions, type OperationResult } from "../apply/apply.js";
import type { Plan } from "../plan/types.js";
import type { ApplyPorts } from "./ports.js";

export type { ApplyOptions, OperationResult };

/** What apply did: a result per operation, and the counts a summary or an Action output shows. */
export interface ApplyReport {
  readonly results: readonly OperationResult[];
  readonly deleted: number;
  readonly restored: number;
  readonly failed: number;
  /** Operations never sent: after Ctrl-C, or because a parent's delete did not succeed. */
  readonly notStarted: number;
}

/** plan → changes: carries out a plan's operations through the ports and reports on each. */
export async function applyPlan(ports: ApplyPorts, plan: Plan, options: ApplyOptions): Promise<ApplyReport> {
  const results = await applyOperations(ports.source, plan.operations, ports.journal, options);
  const count = (outcome: OperationResult["outcome"], action?: string) =>
    results.filter((r) => r.outcome === outcome && (action === undefined || r.operation.action === action))
      .length;
  return {
    results,
    deleted: count("done", "delete"),
    restored: count("done", "restore"),
    failed: count("failed"),
    notStarted: count("skipped"),
  };
}
