import { afterEach, describe, it } from "node:test";
import assert from "node:assert/strict";
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { PlanJson as Plan } from "../../src/plan/json.js";
import type { Sandbox, SandboxOptions } from "../../src/sandbox/server.js";
import { readJournal } from "../../src/journal/journal.js";
import { ROOT, runCli, startCli } from "../helpers/cli.js";
import { E2E_NOW, startExampleSandbox } from "../helpers/e2e.js";
import { cliEnv, TOKEN } from "../helpers/sandbox.js";

let sandbox: Sandbox | undefined;
afterEach(() => sandbox?.close());

/** A repository with the example spec, and a sandbox of the example state. */
async function setup(options: Partial<SandboxOptions> = {}) {
  sandbox = await startExampleSandbox(options);
  const dir = mkdtempSync(join(tmpdir(), "ghpkg-apply-"));
  copyFileSync(join(ROOT, "examples/ghpkg.yaml"), join(dir, "ghpkg.yaml"));
  const env = cliEnv(sandbox.url);
  const s = sandbox;
  const cli = (...args: string[]) => runCli(args, { cwd: dir, env });
  const plan = async () => {
    const result = await cli("plan", "--format", "json", "--now", E2E_NOW);
    assert.equal(result.code, 0, result.stderr);
    return JSON.parse(result.stdout) as Plan;
  };
  /** Whether each planned operation took effect in the sandbox's own state. */
  const inPlannedState = (planned: Plan) =>
    planned.operations.every((op) => {
      const version = s.state.packages
        .find((p) => p.type === op.package_type && p.name === op.package_name)
        ?.versions.find((v) => v.id === op.version_id);
      return op.action === "delete" ? version?.deleted_at !== null : version?.deleted_at === null;
    });
  const mutations = () => s.requests.filter((r) => r.method === "DELETE" || r.method === "POST").length;
  return {
    dir,
    env,
    sandbox: s,
    cli,
    plan,
    inPlannedState,
    mutations,
    journal: join(dir, ".ghpkg", "journal.jsonl"),
  };
}

async function waitFor(condition: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    assert.ok(Date.now() < deadline, "timed out waiting for the apply to start");
    await new Promise((r) => setTimeout(r, 10));
  }
}

const APPLY = ["apply", "--yes", "--write-interval", "0", "--now", E2E_NOW];

describe("ghpkg apply against the sandbox", () => {
  it("converges: the sandbox ends in the planned state and a second plan is empty", async () => {
    const t = await setup();
    const planned = await t.plan();
    assert.equal(planned.summary.delete, 29);
    const result = await t.cli(...APPLY);
    assert.equal(result.code, 0, result.stderr);
    assert.match(
      result.stdout,
      /^Apply: 29 deleted, 1 restored, 0 failed\. Run \d{8}T\d{6}Z-[0-9a-f]{6}\. Journal: /m,
    );
    assert.ok(t.inPlannedState(planned));
    const again = await t.cli("plan", "--detailed-exitcode", "--now", E2E_NOW);
    assert.equal(again.code, 0, again.stdout);
    assert.match(again.stdout, /No changes/);
  });

  it("journals every operation before it is sent and after, and never the token", async () => {
    const t = await setup();
    await t.cli(...APPLY);
    const entries = readJournal(t.journal);
    assert.equal(entries.length, 60);
    const sent = entries.filter((e) => e.event === "sent").map((e) => e.version_id);
    const done = entries.filter((e) => e.event === "done").map((e) => e.version_id);
    assert.deepEqual([...sent].sort(), [...done].sort());
    for (const id of done)
      assert.ok(
        entries.findIndex((e) => e.version_id === id && e.event === "sent") <
          entries.findIndex((e) => e.version_id === id && e.event === "done"),
      );
    assert.ok(!readFileSync(t.journal, "utf8").includes(TOKEN));
  });

  it("applies a saved plan that still holds", async () => {
    const t = await setup();
    const saved = join(t.dir, "plan.json");
    assert.equal((await t.cli("plan", "--out", saved, "--now", E2E_NOW)).code, 0);
    const result = await t.cli("apply", saved, "--yes", "--write-interval", "0", "--now", E2E_NOW);
    assert.equal(result.code, 0, result.stderr);
    assert.ok(t.inPlannedState(JSON.parse(readFileSync(saved, "utf8")) as Plan));
  });

  it("refuses a saved plan made stale behind its back, sending nothing", async () => {
    const t = await setup();
    const saved = join(t.dir, "plan.json");
    await t.cli("plan", "--out", saved, "--now", E2E_NOW);
    const planned = JSON.parse(readFileSync(saved, "utf8")) as Plan;
    const [gone] = planned.operations.filter((o) => o.action === "delete");
    const version = t.sandbox.state.packages
      .flatMap((p) => p.versions)
      .find((v) => v.id === gone?.version_id);
    version!.deleted_at = new Date().toISOString(); // someone deleted it by hand
    const result = await t.cli("apply", saved, "--yes", "--write-interval", "0", "--now", E2E_NOW);
    assert.equal(result.code, 1);
    assert.match(
      result.stderr,
      new RegExp(
        `refusing the saved plan .*: it is no longer exactly what the spec asks of the live state; nothing was changed\\..*\\n  - octocat/container/web: delete ${gone?.version_id} \\(sha256:\\w+…\\) is in the saved plan but the version is no longer active`,
      ),
    );
    assert.equal(t.mutations(), 0);
  });

  it("refuses a saved plan when the spec changed since", async () => {
    const t = await setup();
    const saved = join(t.dir, "plan.json");
    await t.cli("plan", "--out", saved, "--now", E2E_NOW);
    writeFileSync(
      join(t.dir, "ghpkg.yaml"),
      readFileSync(join(t.dir, "ghpkg.yaml"), "utf8").replace("newest: 10", "newest: 12"),
    );
    const result = await t.cli("apply", saved, "--yes", "--now", E2E_NOW);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /the spec changed since the plan was made/);
    assert.equal(t.mutations(), 0);
  });

  it("--max-deletes refuses a larger plan, changing nothing", async () => {
    const t = await setup();
    const result = await t.cli(...APPLY, "--max-deletes", "28");
    assert.equal(result.code, 1);
    assert.equal(
      result.stderr,
      "error: refusing the plan: it deletes 29 versions, more than --max-deletes 28; nothing was changed\n",
    );
    assert.equal(t.mutations(), 0);
  });

  it("without --yes and with no terminal, shows the plan, refuses and changes nothing", async () => {
    const t = await setup();
    const result = await t.cli("apply", "--write-interval", "0", "--now", E2E_NOW);
    assert.equal(result.code, 1);
    assert.match(
      result.stderr,
      /^error: refusing to apply without confirmation: there is no terminal to ask on; pass --yes/m,
    );
    assert.doesNotMatch(result.stderr, /\n\s+at /, "no stack trace");
    assert.match(
      result.stdout,
      /^octocat\/container\/web: 70 active, 0 deleted; 28 kept as children of images that stay; frees /m,
    );
    assert.match(
      result.stdout,
      /^Plan: 29 to delete, 1 to restore, 0 blocked, 50 unchanged\.$/m,
      "what was not applied",
    );
    assert.equal(t.mutations(), 0);
  });

  it("ends in exactly the planned state through 5xx, secondary rate limits and lost answers", async () => {
    const t = await setup({ faultRate: 0.05, secondaryRateLimitEvery: 4, lostResponseRate: 0.25, seed: 42 });
    const planned = await t.plan();
    const result = await t.cli(...APPLY);
    assert.equal(result.code, 0, result.stderr);
    assert.ok(t.inPlannedState(planned));
    const statuses = new Set(t.sandbox.requests.map((r) => r.status));
    for (const status of [502, 403])
      assert.ok(statuses.has(status), `the sandbox answered ${status} at least once`);
    assert.match(result.stdout, /\(already gone\)/, "a lost answer was recognised as done");
    const entries = readJournal(t.journal);
    assert.equal(entries.filter((e) => e.event === "done").length, planned.operations.length);
    const again = await t.cli("plan", "--detailed-exitcode", "--now", E2E_NOW);
    assert.equal(again.code, 0);
  });

  it("a run killed mid-apply leaves a journal of what was sent, and a second run converges", async () => {
    const t = await setup();
    const planned = await t.plan();
    const { child, result } = startCli([...APPLY.slice(0, 2), "--write-interval", "100"], {
      cwd: t.dir,
      env: t.env,
    });
    await waitFor(() => t.mutations() >= 3);
    child.kill("SIGKILL");
    await result;
    const entries = readJournal(t.journal);
    const sent = new Set(entries.filter((e) => e.event === "sent").map((e) => e.version_id));
    // Everything the sandbox changed was journaled as sent before it was sent.
    for (const r of t.sandbox.requests.filter((r) => r.method === "DELETE" || r.method === "POST"))
      assert.ok(sent.has(Number(/versions\/(\d+)/.exec(r.path)?.[1])), r.path);
    const rerun = await t.cli(...APPLY);
    assert.equal(rerun.code, 0, rerun.stderr);
    assert.ok(t.inPlannedState(planned));
    assert.equal((await t.cli("plan", "--detailed-exitcode", "--now", E2E_NOW)).code, 0);
  });

  it("Ctrl-C: no new operation starts, the summary says so, exit 130", async () => {
    const t = await setup();
    const { child, result } = startCli([...APPLY.slice(0, 2), "--write-interval", "100"], {
      cwd: t.dir,
      env: t.env,
    });
    await waitFor(() => t.mutations() >= 2);
    child.kill("SIGINT");
    const { code, stdout, stderr } = await result;
    assert.equal(code, 130, stderr);
    assert.match(stderr, /^stopping: nothing new is sent/m);
    assert.match(stdout, /Apply: \d+ deleted, \d+ restored, 0 failed, \d+ not started\./);
    const entries = readJournal(t.journal);
    assert.equal(
      entries.filter((e) => e.event === "sent").length,
      entries.filter((e) => e.event !== "sent").length,
    );
  });

  it("GitHub's refusal of one operation is reported with its message; the rest are applied; exit 1", async () => {
    const t = await setup();
    const old = t.sandbox.state.packages
      .find((p) => p.name === "lib")
      ?.versions.find((v) => v.name === "1.0.0");
    old!.download_count = 9000;
    const result = await t.cli(...APPLY);
    assert.equal(result.code, 1);
    assert.match(
      result.stderr,
      /^failed: delete octocat\/npm\/lib 1\.0\.0: Publicly visible package versions with more than 5000 downloads cannot be deleted/m,
    );
    assert.match(result.stdout, /Apply: 28 deleted, 1 restored, 1 failed\./);
    assert.equal(old!.deleted_at, null);
  });
});
