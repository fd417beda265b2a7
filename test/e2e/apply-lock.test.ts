import { afterEach, describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { E2E_NOW } from "../helpers/e2e.js";
import { APPLY, applyRig, journalCounts, type ApplyRig } from "../helpers/apply-run.js";

let rig: ApplyRig | undefined;
afterEach(() => rig?.close());

/** A pid that surely ran on this host and is gone: a process that has already exited. */
function goneProcess(): number {
  return spawnSync(process.execPath, ["-e", "0"]).pid ?? 999_999;
}

const mutatedVersions = (r: ApplyRig) => r.proxy.mutations.map((m) => /versions\/(\d+)/.exec(m.path)?.[1]);

describe("one apply at a time per journal (the lock)", () => {
  it("regression: two applies at once send every mutation once", { timeout: 60_000 }, async () => {
    rig = await applyRig({}, { holdMutation: (i) => i === 0 });
    const r = rig;
    const first = rig.start(...APPLY, "--write-interval", "0");
    await rig.proxy.until(() => r.proxy.held.length === 1); // the first run is sending
    const second = await rig.cli(...APPLY, "--write-interval", "0");
    assert.equal(second.code, 1);
    assert.match(
      second.stderr,
      /^error: another ghpkg apply holds the lock \.ghpkg\/journal\.jsonl\.lock \(pid \d+ on .+, since .+\); wait for it to finish, or delete the lock file if that run is gone\n$/,
    );
    await rig.proxy.release();
    const { code, stderr } = await first.result;
    assert.equal(code, 0, stderr);
    const versions = mutatedVersions(rig);
    assert.equal(versions.length, 30);
    assert.equal(new Set(versions).size, versions.length, "no version was changed twice");
    assert.ok(!rig.lockExists());
    assert.equal(
      (await rig.cli("apply", "--yes", "--now", E2E_NOW)).stdout.trim(),
      "No changes: the live versions match the spec.\n28 versions the rules would delete are kept as children of images that stay (octocat/container/web 28).",
    );
  });

  it("a lock left by a process that is gone is taken over, with a note", { timeout: 60_000 }, async () => {
    rig = await applyRig();
    mkdirSync(join(rig.dir, ".ghpkg"), { recursive: true });
    const pid = goneProcess();
    writeFileSync(`${rig.journalPath}.lock`, JSON.stringify({ pid, host: hostname(), started_at: E2E_NOW }));
    const result = await rig.cli(...APPLY, "--write-interval", "0");
    assert.equal(result.code, 0, result.stderr);
    assert.match(
      result.stderr,
      new RegExp(`^note: took over the lock .* left by pid ${pid} .*no longer runs$`, "m"),
    );
    assert.ok(!rig.lockExists());
  });

  it("an error after the lock is taken releases it", async () => {
    rig = await applyRig();
    const result = await rig.cli(...APPLY, "--max-deletes", "1");
    assert.equal(result.code, 1);
    assert.ok(!rig.lockExists());
    assert.equal(rig.proxy.mutations.length, 0);
  });
});

describe("a journal that cannot be written or read", () => {
  it("a journal that is not a file: one line naming it, exit 1, nothing sent", async () => {
    rig = await applyRig();
    mkdirSync(rig.journalPath, { recursive: true });
    const result = await rig.cli(...APPLY, "--write-interval", "0");
    assert.equal(result.code, 1);
    assert.equal(result.stderr, "error: the journal .ghpkg/journal.jsonl is not a regular file\n");
    assert.equal(rig.proxy.mutations.length, 0);
  });

  it("a journal ending in a cut-off line is read, with a note, and the next line starts afresh", async () => {
    rig = await applyRig();
    mkdirSync(join(rig.dir, ".ghpkg"), { recursive: true });
    writeFileSync(rig.journalPath, '{"time":"2026-11-24T09:00:00Z","run":"old","event":"se');
    const result = await rig.cli(...APPLY, "--write-interval", "0");
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /^note: the journal .* ends in a line cut off by an earlier run/m);
    const { sent, settled } = journalCounts(rig.journal());
    assert.equal(sent.length, 30);
    assert.deepEqual([...settled].sort(), [...sent].sort());
    assert.equal(readFileSync(rig.journalPath, "utf8").split("\n")[1]?.startsWith('{"time"'), true);
  });
});

describe("--max-duration", () => {
  it(
    "sends nothing new after the time is up, reports what is left, exit 0; the next run carries on",
    { timeout: 60_000 },
    async () => {
      rig = await applyRig({}, { holdMutation: (i) => i === 0 });
      const r = rig;
      const planned = await rig.plan();
      const { child, result } = rig.start(...APPLY, "--write-interval", "0", "--max-duration", "PT2S");
      await rig.proxy.until(() => r.proxy.held.length === 1);
      // Holding the first mutation on the wire until the time is surely up (it started before we saw it).
      await new Promise((resolve) => setTimeout(resolve, 2_500));
      await rig.proxy.release();
      const { code, stdout, stderr } = await result;
      assert.equal(code, 0, stderr);
      assert.equal(child.exitCode, 0);
      assert.equal(rig.proxy.mutations.length, 1);
      assert.match(stdout, /^Apply: 0 deleted, 1 restored, 0 failed, 29 not started\./m);
      assert.match(stdout, /^29 operations left after --max-duration; run apply again to continue$/m);
      const again = await rig.cli(...APPLY, "--write-interval", "0");
      assert.equal(again.code, 0, again.stderr);
      assert.match(again.stdout, /^Apply: 29 deleted, 0 restored, 0 failed\./m);
      assert.ok(rig.inPlannedState(planned));
    },
  );

  it("refuses a duration it cannot read", async () => {
    rig = await applyRig();
    const result = await rig.cli(...APPLY, "--max-duration", "10 minutes");
    assert.equal(result.code, 1);
    assert.match(
      result.stderr,
      /option '--max-duration <duration>' argument '10 minutes' is invalid\. `10 minutes` is not a duration/,
    );
  });
});
