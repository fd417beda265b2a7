import { after, describe, it } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { JournalEntry } from "../../src/journal/journal.js";
import type { Sandbox } from "../../src/sandbox/server.js";
import { runCli, type CliResult } from "../helpers/cli.js";
import { E2E_NOW } from "../helpers/e2e.js";
import { cliEnv, pkg, sandbox, TOKEN, versions } from "../helpers/sandbox.js";

// The rate-limit budget end to end: the built CLI against the sandbox over real HTTP, the sandbox
// counting what the token spends hour by hour and refusing at zero, its clock moved an hour between
// runs (the runs themselves take seconds). ghpkg is pinned to the same clock with --now.
const HOUR = 3_600_000;
const opened: Sandbox[] = [];
const dirs: string[] = [];
after(async () => {
  await Promise.all(opened.map((s) => s.close()));
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

async function backlog(count: number, options: Parameters<typeof sandbox>[1]) {
  const s = await sandbox([pkg("npm", "backlog", versions(count + 1))], {
    clock: () => Date.parse(E2E_NOW),
    rateLimit: 1000,
    ...options,
  });
  opened.push(s);
  // The journal syncs each of its 10,000 lines to disk; on a RAM disk, where there is one, that costs nothing.
  const dir = mkdtempSync(join(existsSync("/dev/shm") ? "/dev/shm" : tmpdir(), "ghpkg-budget-"));
  dirs.push(dir);
  // Everything but the newest goes: `count` deletes.
  writeFileSync(
    join(dir, "ghpkg.yaml"),
    "version: 1\nowner: octocat\npackages:\n  - type: npm\n    name: backlog\n    keep:\n      - newest: 1\n    unmatched: delete\n",
  );
  const ghpkg = (...args: string[]) =>
    runCli([...args, "--now", sandboxNow(s)], { cwd: dir, env: cliEnv(s.url) });
  const journal = () =>
    readFileSync(join(dir, ".ghpkg", "journal.jsonl"), "utf8")
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as JournalEntry);
  return { s, ghpkg, journal };
}

/** The sandbox's clock, as ghpkg's --now: the two agree on what time it is. */
function sandboxNow(s: Sandbox): string {
  return new Date(Date.parse(E2E_NOW) + clockOffsets.get(s)!).toISOString();
}
const clockOffsets = new Map<Sandbox, number>();
function letAnHourPass(s: Sandbox): void {
  s.advanceClock(HOUR);
  clockOffsets.set(s, (clockOffsets.get(s) ?? 0) + HOUR);
}

const APPLY = ["apply", "--yes", "--write-interval", "0", "--max-duration", "PT30S"];

function assertNoRateLimitError(run: CliResult): void {
  assert.equal(run.code, 0, run.stderr);
  assert.doesNotMatch(run.stderr, /^(failed|error):/m);
  assert.doesNotMatch(run.stdout + run.stderr, /API rate limit exceeded/);
}

describe("apply within the token's budget, run after run", () => {
  it("a 5,000-delete backlog on a token of 1,000 an hour: consecutive runs, each within its hour, then no changes", async () => {
    const { s, ghpkg, journal } = await backlog(5000, {});
    clockOffsets.set(s, 0);

    const planned = await ghpkg("plan", "--format", "json");
    const budget = (JSON.parse(planned.stdout) as { budget: Record<string, unknown> }).budget;
    assert.deepEqual(budget, {
      requests_needed: 5052,
      operations: 5000,
      reads: 52,
      remaining: 948,
      limit: 1000,
      reset_at: "2026-11-24T11:00:00Z",
    });
    const text = await ghpkg("plan");
    assert.match(
      text.stdout,
      /Rate limit: applying takes at least 5052 requests \(5000 operations, 52 reads\), more than the token has 896 of 1000 left until 2026-11-24T11:00:00Z: apply stops when it is spent and the next run carries on \(about 6 runs an hour apart\)\./,
    );
    letAnHourPass(s);

    const runs: CliResult[] = [];
    for (let i = 0; i < 10; i++) {
      const run = await ghpkg(...APPLY);
      runs.push(run);
      assertNoRateLimitError(run);
      letAnHourPass(s);
      if (!/operations? left/.test(run.stdout)) break;
      assert.match(
        run.stdout,
        /^\d+ operations? left: the token's rate limit is spent until \S+ \(1000 requests an hour\), after --max-duration; run apply again after the reset to continue$/m,
      );
    }
    assert.equal(runs.length, 6, "947, 957, 967, 976, 986 and the last 167: each run reads less");
    assert.match(
      runs.at(-1)?.stdout ?? "",
      /^Apply: \d+ deleted, 0 restored, 0 failed\. Run \S+\. Journal:/m,
    );

    const final = await ghpkg("plan", "--detailed-exitcode");
    assert.equal(final.code, 0, final.stdout);
    assert.match(final.stdout, /No changes/);

    // What the sandbox counted: one window per run (the plans before and after have their own), each within its budget, none refused.
    const [windows] = s.counters().rateLimits.map((b) => b.windows);
    assert.equal(windows?.length, runs.length + 2);
    for (const window of windows ?? []) {
      assert.ok(window.used <= 1000, JSON.stringify(window));
      assert.equal(window.refused, 0, JSON.stringify(window));
    }
    assert.deepEqual(
      s.requests.filter((r) => r.status === 403 || r.status === 429),
      [],
    );
    assert.equal(new Set(s.mutationLog().map((m) => m.version_id)).size, 5000);
    const events = journal().map((e) => e.event);
    assert.equal(events.filter((e) => e === "done").length, 5000);
    assert.equal(events.filter((e) => e === "failed" || e === "not done").length, 0);
  });

  it("another process spends the budget mid-run: the refused delete (429) is journaled as not done, left, and the next run finishes", async () => {
    const { s, ghpkg, journal } = await backlog(300, { secondaryLimitStatus: 429 });
    clockOffsets.set(s, 0);
    // One at a time, 300 ms apart: when the 50th is done, the test spends the rest before the 51st.
    const paused = s.pauseMutationsAfter(50).then(() => s.spendRateLimit(TOKEN, 1000));
    const first = await ghpkg("apply", "--yes", "--write-interval", "300", "--max-duration", "PT1M");
    await paused;
    s.resumeMutations();
    assertNoRateLimitError(first);
    assert.match(
      first.stdout,
      /^250 operations left: the token's rate limit is spent until 2026-11-24T11:00:00Z \(1000 requests an hour\), after --max-duration; run apply again after the reset to continue$/m,
    );
    assert.match(first.stdout, /^Apply: 50 deleted, 0 restored, 0 failed, 250 not started\./m);
    assert.equal(s.requests.filter((r) => r.status === 429).length, 1, "refused once, and nothing more sent");
    const refused = journal().filter((e) => e.event === "not done");
    assert.equal(refused.length, 1);
    assert.match(
      refused[0]?.message ?? "",
      /^API rate limit exceeded for user ID \d+\. \(the rate limit; nothing was done\)$/,
    );

    letAnHourPass(s);
    const second = await ghpkg(...APPLY);
    assertNoRateLimitError(second);
    assert.match(second.stdout, /^Apply: 250 deleted, 0 restored, 0 failed\./m);
    assert.equal((await ghpkg("plan", "--detailed-exitcode")).code, 0);
  });
});
