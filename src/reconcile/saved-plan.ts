import { planDifferences } from "../plan/compare.js";
import type { Plan } from "../plan/types.js";
import type { Spec } from "../spec/types.js";
import { planSpec } from "./plan.js";
import type { PlanPorts } from "./ports.js";

export interface SavedPlanCheck {
  readonly spec: Spec;
  readonly apiUrl: string;
  readonly concurrency: number;
}

export interface Rechecked {
  /** Empty when the saved plan is exactly what the spec asks of the live state now. */
  readonly differences: readonly string[];
  /** The plan made again: what apply carries out, so nothing from the file is trusted but what it confirms. */
  readonly plan: Plan | undefined;
}

/**
 * A saved plan travels between CI jobs as a file anyone along the way could edit: it is made again
 * from the spec and the live state (image graphs included), as at its `created_at`, and compared.
 */
export async function recheckSavedPlan(
  ports: PlanPorts,
  saved: Plan,
  check: SavedPlanCheck,
): Promise<Rechecked> {
  const createdMs = Date.parse(saved.createdAt);
  // Another API's live state says nothing about this one: nothing is read from it.
  if (saved.apiUrl !== check.apiUrl)
    return {
      differences: [`the plan was made against ${saved.apiUrl}, not ${check.apiUrl}`],
      plan: undefined,
    };
  const { plan, live } = await planSpec(ports, {
    spec: check.spec,
    nowMs: createdMs,
    concurrency: check.concurrency,
    apiUrl: check.apiUrl,
    specPaths: saved.specPaths,
  });
  return { differences: planDifferences(saved, plan, live), plan };
}
