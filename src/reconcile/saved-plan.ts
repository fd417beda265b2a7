import { UserError } from "../model/errors.js";
import { planDifferences } from "../plan/compare.js";
import type { Plan } from "../plan/types.js";
import type { Spec } from "../spec/types.js";
import { planSpec } from "./plan.js";
import type { PlanPorts } from "./ports.js";

export interface SavedPlanCheck {
  readonly spec: Spec;
  readonly apiUrl: string;
  readonly concurrency: number;
  /** The clock (`--now`, else the system's): a plan dated ahead of it is refused. */
  readonly nowMs: number;
  /** How the plan is named in a refusal: its path. */
  readonly name: string;
}

/** How far ahead of the clock a plan's `created_at` may be: two machines' clocks a little apart. */
export const FUTURE_TOLERANCE_MS = 5 * 60_000;

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
  // Planned again as at its created_at, a plan from the future would age versions early: a version
  // 10 days old today would be deleted by `olderThan: 30d` if the plan said it was 40 days later.
  const createdMs = Date.parse(saved.createdAt);
  if (createdMs - check.nowMs > FUTURE_TOLERANCE_MS)
    throw new UserError(
      `refusing the saved plan ${check.name}: it is dated ${saved.createdAt}, more than 5 minutes ahead of the clock (${instant(check.nowMs)}), and would age versions early; nothing was changed (is a clock wrong? make the plan again with ghpkg plan --out)`,
    );
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

/** `2026-11-24T10:00:00Z`, as plans write their times. */
const instant = (ms: number) => new Date(ms).toISOString().replace(/\.000Z$/, "Z");
