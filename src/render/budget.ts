import type { Plan } from "../plan/types.js";

/**
 * What applying the plan takes of the token's rate limit, in one sentence; undefined for a plan with
 * nothing to send. `at least`: an operation whose answer is lost costs a GET more.
 */
export function budgetLine(plan: Plan): string | undefined {
  const budget = plan.budget;
  if (!budget || budget.operations === 0) return undefined;
  const reads = budget.reads === null ? "" : ` (${budget.operations} operations, ${budget.reads} reads)`;
  const needs = `Rate limit: applying takes at least ${budget.requestsNeeded} requests${reads}`;
  if (budget.remaining === null || budget.limit === null || budget.resetAt === null)
    return `${needs}; GitHub reports no rate limit for this token.`;
  const has = `the token has ${budget.remaining} of ${budget.limit} left until ${budget.resetAt}`;
  if (budget.requestsNeeded <= budget.remaining) return `${needs}; ${has}.`;
  return `${needs}, more than ${has}: apply stops when it is spent and the next run carries on (${runs(budget.requestsNeeded, budget.remaining, budget.limit, budget.reads ?? 0)}).`;
}

/** About how many runs, an hour apart, the work takes: each later one reads again before it sends. */
function runs(needed: number, remaining: number, limit: number, reads: number): string {
  const perLaterRun = limit - reads;
  if (perLaterRun <= 0)
    return "the reads alone take more than an hour's budget: use a token with a larger one";
  const count = 1 + Math.ceil((needed - remaining) / perLaterRun);
  return `about ${count} runs an hour apart`;
}
