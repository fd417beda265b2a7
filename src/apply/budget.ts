/**
 * Pacing by GitHub's primary rate limit: pure decisions, from what the budget says now, what is left
 * to send and how long the run may still last. apply/dispatch.ts asks before each send.
 *
 * - What fits in the budget goes at --write-interval (the floor of every pace).
 * - When more is left than the budget holds and the run will outlive the reset (no --max-duration, or
 *   the reset comes before it), sends are spread so the budget lasts until the reset: the run then
 *   goes on in the next window without ever meeting zero, and whatever else shares the token still
 *   finds some of it meanwhile.
 * - When the reset comes after --max-duration, spreading would only leave work undone: sends go at
 *   --write-interval, and the run stops once the budget is spent, at once rather than at the deadline
 *   (the next run carries on).
 * - Each operation on the wire keeps one request in reserve: the GET that tells whether an operation
 *   whose answer was lost happened.
 */

/** The budget as apply sees it before a send. */
export interface BudgetNow {
  /** Requests left in this window, less those on their way. */
  readonly remaining: number;
  /** Until the window resets, on the clock apply paces by. */
  readonly msUntilReset: number;
}

export interface PaceInput {
  /** Undefined when GitHub reports no budget (an Enterprise Server with rate limits off). */
  readonly budget: BudgetNow | undefined;
  /** Operations not sent yet. */
  readonly left: number;
  /** Operations on the wire now. */
  readonly onWire: number;
  /** Until --max-duration's deadline; undefined without one. */
  readonly msUntilDeadline: number | undefined;
}

export type Pace =
  /** Send, at least `gapMs` after the previous send (--write-interval is applied on top). */
  | { readonly kind: "send"; readonly gapMs: number }
  /** Wait for what is on the wire: its answers say what the budget holds. */
  | { readonly kind: "settle" }
  /** The budget is spent and resets in time: wait `waitMs`, then go on. */
  | { readonly kind: "reset"; readonly waitMs: number }
  /** The budget is spent until after the deadline: stop, as --max-duration stops. */
  | { readonly kind: "stop" };

/** GitHub asks clients to wait "until after" the reset: a second past it (and `date` counts whole seconds). */
export const RESET_MARGIN_MS = 1000;
/**
 * A window lasts an hour: a reset further off than two hours (an hour, and room for clocks) is not
 * GitHub's, and is not waited for even without --max-duration.
 */
export const MAX_RESET_WAIT_MS = 2 * 3_600_000;

const GO: Pace = { kind: "send", gapMs: 0 };

export function pace({ budget, left, onWire, msUntilDeadline }: PaceInput): Pace {
  if (!budget) return GO;
  const spendable = budget.remaining - onWire;
  if (spendable <= 0)
    return onWire > 0 ? { kind: "settle" } : whenSpent(budget.msUntilReset, msUntilDeadline);
  if (left <= spendable || !resetComesInTime(budget.msUntilReset, msUntilDeadline)) return GO;
  // `spendable` sends, evenly, the last of them a gap before the reset (which brings a new window).
  return { kind: "send", gapMs: Math.max(0, budget.msUntilReset) / (spendable + 1) };
}

/** The budget is spent (or GitHub just refused a request for it): wait for the reset if it fits, else stop. */
export function whenSpent(msUntilReset: number, msUntilDeadline: number | undefined): Pace {
  return resetComesInTime(msUntilReset, msUntilDeadline)
    ? { kind: "reset", waitMs: Math.max(0, msUntilReset) + RESET_MARGIN_MS }
    : { kind: "stop" };
}

function resetComesInTime(msUntilReset: number, msUntilDeadline: number | undefined): boolean {
  const wait = Math.max(0, msUntilReset) + RESET_MARGIN_MS;
  return wait <= Math.min(msUntilDeadline ?? Infinity, MAX_RESET_WAIT_MS);
}
