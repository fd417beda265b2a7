import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { applyOperations } from "../../src/apply/apply.js";
import { MAX_RESET_WAIT_MS, pace, type PaceInput } from "../../src/apply/budget.js";
import type { JournalEntry, JournalWriter } from "../../src/journal/journal.js";
import type { Timer } from "../../src/apply/timer.js";
import { RateLimited } from "../../src/live/github-error.js";
import type { PackageSource } from "../../src/live/source.js";
import type { Operation } from "../../src/plan/types.js";
import { memorySource } from "../helpers/memory-source.js";
import { version } from "../helpers/versions.js";

const HOUR = 3_600_000;
const MIN = 60_000;

describe("pace: what the budget says before a send", () => {
  const at = (input: Partial<PaceInput>): PaceInput => ({
    budget: { remaining: 1000, msUntilReset: HOUR },
    left: 10,
    onWire: 0,
    msUntilDeadline: undefined,
    ...input,
  });
  for (const [name, input, expected] of [
    ["no budget reported (rate limits off): go", at({ budget: undefined }), { kind: "send", gapMs: 0 }],
    ["what is left fits: go at --write-interval", at({ left: 1000 }), { kind: "send", gapMs: 0 }],
    [
      "more than fits, the run outlives the reset: spread the budget until the reset",
      at({ left: 5000, budget: { remaining: 399, msUntilReset: 40 * MIN } }),
      { kind: "send", gapMs: 6000 },
    ],
    [
      "... keeping one request for each operation on the wire",
      at({ left: 5000, onWire: 100, budget: { remaining: 499, msUntilReset: 40 * MIN } }),
      { kind: "send", gapMs: 6000 },
    ],
    [
      "more than fits, the reset after --max-duration: go, and stop when spent",
      at({ left: 5000, budget: { remaining: 400, msUntilReset: 40 * MIN }, msUntilDeadline: 30 * MIN }),
      { kind: "send", gapMs: 0 },
    ],
    [
      "spent, the reset in time: wait for it, a second past",
      at({ budget: { remaining: 0, msUntilReset: 10 * MIN }, msUntilDeadline: 30 * MIN }),
      { kind: "reset", waitMs: 10 * MIN + 1000 },
    ],
    [
      "spent, the reset after --max-duration: stop",
      at({ budget: { remaining: 0, msUntilReset: 10 * MIN }, msUntilDeadline: 10 * MIN }),
      { kind: "stop" },
    ],
    [
      "spent with operations on the wire: wait for their answers first",
      at({ budget: { remaining: 3, msUntilReset: 10 * MIN }, onWire: 3 }),
      { kind: "settle" },
    ],
    [
      "spent, a reset further off than GitHub's windows go: stop, even without --max-duration",
      at({ budget: { remaining: 0, msUntilReset: MAX_RESET_WAIT_MS } }),
      { kind: "stop" },
    ],
  ] as const)
    it(name, () => assert.deepEqual(pace(input), expected));
});

/** A clock that moves only when someone sleeps on it. */
function virtualTimer(): Timer {
  let now = 0;
  return {
    now: () => now,
    sleep: (ms, signal) => {
      if (!signal.aborted) now += ms;
      return Promise.resolve();
    },
  };
}

/**
 * The in-memory source behind a primary budget on the virtual clock, as GitHub keeps one: `limit` an
 * hour from the first request; at zero a request is refused (RateLimited) and nothing happens.
 * `spendElsewhere` is another process using the same token, unseen until GitHub says so.
 */
function budgeted(ids: number[], limit: number, timer: Timer) {
  const inner = memorySource([{ ref: REF, versions: ids.map((id) => version(id, `1.0.${id}`, 10)) }]);
  let windowStart = 0;
  let used = 0;
  let seen = { remaining: limit, at: 0 };
  const sentAt: number[] = [];
  let refused = 0;
  const roll = () => {
    if (timer.now() >= windowStart + HOUR) [windowStart, used] = [timer.now(), 0];
  };
  const spend = () => {
    roll();
    if (used >= limit) {
      refused++;
      seen = { remaining: 0, at: windowStart };
      throw new RateLimited(
        "spent",
        403,
        "API rate limit exceeded for user ID 1.",
        windowStart + HOUR - timer.now(),
      );
    }
    used++;
    sentAt.push(timer.now());
    seen = { remaining: limit - used, at: windowStart };
  };
  const source: PackageSource = {
    ...inner,
    deleteVersion: async (ref, id) => {
      spend();
      await inner.deleteVersion(ref, id);
    },
    rateLimit: () => {
      const msUntilReset = seen.at + HOUR - timer.now();
      return msUntilReset <= 0
        ? { limit, remaining: limit, resetAt: 0, msUntilReset: HOUR, sent: 0 }
        : { limit, remaining: seen.remaining, resetAt: 0, msUntilReset, sent: 0 };
    },
  };
  return {
    source,
    inner,
    sentAt,
    refused: () => refused,
    spendElsewhere: (n: number) => {
      roll();
      used += n;
    },
  };
}

const REF = { owner: "octocat", type: "npm", name: "lib" } as const;
const deletes = (ids: number[]): Operation[] =>
  ids.map((id) => ({ action: "delete", ref: REF, version: version(id, `1.0.${id}`, 10), reason: "test" }));
const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

function memoryJournal(): JournalWriter & { events: JournalEntry["event"][] } {
  const events: JournalEntry["event"][] = [];
  return { events, record: (_op, event) => void events.push(event), close: () => undefined };
}

describe("apply within the budget (virtual clock)", () => {
  it("spreads what does not fit over the hour, waits for the reset, and never meets a refusal", async () => {
    const timer = virtualTimer();
    const world = budgeted(range(11), 4, timer);
    const waits: string[] = [];
    const outcome = await applyOperations(world.source, deletes(range(10)), memoryJournal(), {
      concurrency: 1,
      writeIntervalMs: 0,
      timer,
      onWait: (note) => waits.push(note),
    });
    assert.equal(outcome.stoppedBy, undefined);
    assert.deepEqual(
      outcome.results.map((r) => r.outcome),
      Array<string>(10).fill("done"),
    );
    assert.equal(world.refused(), 0);
    // Four in each hour, spread so the fourth leaves room until the reset.
    const perHour = [0, 1, 2].map(
      (h) => world.sentAt.filter((t) => t >= h * HOUR && t < (h + 1) * HOUR).length,
    );
    assert.deepEqual(perHour, [4, 4, 2]);
    assert.deepEqual(
      world.sentAt.slice(0, 4),
      [0, 15 * MIN, 30 * MIN, 45 * MIN],
      "the first hour's four, evenly",
    );
    assert.ok(waits.length > 0);
  });

  it("with a reset after --max-duration: goes at full pace, stops once spent, leaves the rest for the next run", async () => {
    const timer = virtualTimer();
    const world = budgeted(range(11), 4, timer);
    const outcome = await applyOperations(world.source, deletes(range(10)), memoryJournal(), {
      concurrency: 4,
      writeIntervalMs: 0,
      timer,
      deadline: 30 * MIN,
    });
    assert.equal(outcome.stoppedBy, "rate limit");
    assert.equal(outcome.results.filter((r) => r.outcome === "done").length, 4);
    assert.equal(outcome.results.filter((r) => r.outcome === "not sent").length, 6);
    assert.equal(world.refused(), 0, "it stopped before GitHub had to say no");
    assert.equal(timer.now(), 0, "at once, not at the deadline");
  });

  it("a refusal mid-run (another process spent the budget): journaled as not done, sent again after a reset in time", async () => {
    const timer = virtualTimer();
    const world = budgeted(range(4), 10, timer);
    const journal = memoryJournal();
    let sent = 0;
    const source: PackageSource = {
      ...world.source,
      deleteVersion: async (ref, id) => {
        if (++sent === 2) world.spendElsewhere(100);
        return world.source.deleteVersion(ref, id);
      },
    };
    const outcome = await applyOperations(source, deletes([1, 2, 3]), journal, {
      concurrency: 1,
      writeIntervalMs: 0,
      timer,
      deadline: 2 * HOUR,
    });
    assert.equal(outcome.stoppedBy, undefined);
    assert.deepEqual(
      outcome.results.map((r) => r.outcome),
      ["done", "done", "done"],
    );
    assert.deepEqual(journal.events, ["sent", "done", "sent", "not done", "sent", "done", "sent", "done"]);
    assert.ok(timer.now() >= HOUR);
  });

  it("... or, when the reset comes after --max-duration, left for the next run: not a failure", async () => {
    const timer = virtualTimer();
    const world = budgeted(range(4), 10, timer);
    world.spendElsewhere(10);
    const journal = memoryJournal();
    const outcome = await applyOperations(world.source, deletes([1, 2, 3]), journal, {
      concurrency: 1,
      writeIntervalMs: 0,
      timer,
      deadline: 10 * MIN,
    });
    assert.equal(outcome.stoppedBy, "rate limit");
    assert.deepEqual(
      outcome.results.map((r) => [r.operation.version.id, r.outcome]),
      [
        [1, "not sent"],
        [2, "not sent"],
        [3, "not sent"],
      ],
    );
    assert.deepEqual(journal.events, ["sent", "not done"]);
    assert.equal(world.inner.mutations.length, 0);
  });
});
