import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { Plan, PlanBudget } from "../../src/plan/types.js";
import { budgetLine } from "../../src/render/budget.js";

const plan = (budget: Partial<PlanBudget> | undefined): Plan => ({
  createdAt: "2026-11-24T10:00:00Z",
  specDigest: `sha256:${"a".repeat(64)}`,
  apiUrl: "https://api.github.com",
  specPaths: ["ghpkg.yaml"],
  summary: { delete: 0, restore: 0, blocked: 0, unchanged: 0 },
  packages: [],
  operations: [],
  blocked: [],
  ...(budget
    ? {
        budget: {
          requestsNeeded: 5052,
          operations: 5000,
          reads: 52,
          remaining: 948,
          limit: 1000,
          resetAt: "2026-11-24T11:00:00Z",
          ...budget,
        },
      }
    : {}),
});

describe("what a plan says of the rate limit", () => {
  for (const [name, budget, expected] of [
    ["nothing to send: nothing to say", { operations: 0, requestsNeeded: 52 }, undefined],
    ["no budget known (a plan read back from a file): nothing to say", undefined, undefined],
    [
      "it fits",
      { requestsNeeded: 120, operations: 100, reads: 20, remaining: 4000, limit: 5000 },
      "Rate limit: applying takes at least 120 requests (100 operations, 20 reads); the token has 4000 of 5000 left until 2026-11-24T11:00:00Z.",
    ],
    [
      "more than this hour holds: how many runs, each reading again",
      {},
      "Rate limit: applying takes at least 5052 requests (5000 operations, 52 reads), more than the token has 948 of 1000 left until 2026-11-24T11:00:00Z: apply stops when it is spent and the next run carries on (about 6 runs an hour apart).",
    ],
    [
      "reads alone beyond an hour's budget",
      { reads: 1200, requestsNeeded: 6200 },
      "Rate limit: applying takes at least 6200 requests (5000 operations, 1200 reads), more than the token has 948 of 1000 left until 2026-11-24T11:00:00Z: apply stops when it is spent and the next run carries on (the reads alone take more than an hour's budget: use a token with a larger one).",
    ],
    [
      "a server that reports no rate limit",
      { remaining: null, limit: null, resetAt: null },
      "Rate limit: applying takes at least 5052 requests (5000 operations, 52 reads); GitHub reports no rate limit for this token.",
    ],
  ] as const)
    it(name, () => assert.equal(budgetLine(plan(budget)), expected));
});
