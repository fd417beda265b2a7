import { UserError } from "../model/errors.js";
import type { Plan } from "../plan/types.js";

/** How far ahead of the clock a saved plan may be dated: clocks of two CI runners differ a little. */
export const FUTURE_TOLERANCE_MS = 5 * 60_000;

/**
 * A saved plan is re-checked as at its created_at: one dated ahead of the clock would judge ages
 * (`olderThan`, the 30 days of a restore) by a day that has not come, so it is refused.
 */
export function refuseFuturePlan(plan: Plan, nowMs: number): void {
  const created = Date.parse(plan.createdAt);
  if (created - nowMs > FUTURE_TOLERANCE_MS)
    throw new UserError(
      `refusing the saved plan: it is dated ${plan.createdAt}, ahead of the clock (${new Date(nowMs).toISOString()}); versions would be aged by a day that has not come. Make a new plan with ghpkg plan --out; nothing was changed`,
    );
}
