import { UserError } from "../model/errors.js";
import type { Plan } from "../plan/types.js";

/** How far ahead of the clock a saved plan may be dated: clocks of two CI runners differ a little. */
export const FUTURE_TOLERANCE_MS = 5 * 60_000;

/**
 * A saved plan is re-checked as at its created_at: one dated ahead of the clock would judge ages
 * (`olderThan`, the 30 days of a restore) by a day that has not come — a version 10 days old today
 * would be deleted by `olderThan: 30d` if the plan said it was 40 days later. So it is refused,
 * before anything is read or locked.
 */
export function refuseFuturePlan(plan: Plan, nowMs: number, name: string): void {
  if (Date.parse(plan.createdAt) - nowMs > FUTURE_TOLERANCE_MS)
    throw new UserError(
      `refusing the saved plan ${name}: it is dated ${plan.createdAt}, more than 5 minutes ahead of the clock (${instant(nowMs)}), and would age versions early; nothing was changed (is a clock wrong? make the plan again with ghpkg plan --out)`,
    );
}

/** `2026-11-24T10:00:00Z`, as plans write their times. */
const instant = (ms: number) => new Date(ms).toISOString().replace(/\.000Z$/, "Z");
