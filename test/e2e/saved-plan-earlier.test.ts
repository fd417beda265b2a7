import { afterEach, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readJournal } from "../../src/journal/journal.js";
import type { PlanJson } from "../../src/plan/json.js";
import { startSandbox, type Sandbox } from "../../src/sandbox/server.js";
import { runCli } from "../helpers/cli.js";
import { imageIndex, imageVersion, platformImage } from "../helpers/images.js";
import { cliEnv, pkg, state } from "../helpers/sandbox.js";

let sandbox: Sandbox | undefined;
afterEach(() => sandbox?.close());

/**
 * v1 lists a1, b1 and an attestation, and an SBOM names v1 as its subject; v2 lists a2 and b1 (shared).
 * The spec deletes v1. The first apply deletes v1, and GitHub refuses its children (too many downloads):
 * the sandbox then holds what a run stopped right after the parent's delete leaves.
 */
async function stoppedAfterParent() {
  const a1 = imageVersion(11, platformImage("a1"), { ageDays: 40 });
  const b1 = imageVersion(12, platformImage("b1"), { ageDays: 40 });
  const att1 = imageVersion(13, platformImage("att1"), { ageDays: 40 });
  const v1 = imageVersion(10, imageIndex([a1, b1, att1]), { tags: ["v1"], ageDays: 40 });
  const sbom = imageVersion(14, platformImage("sbom", v1.name), { ageDays: 39 });
  const a2 = imageVersion(21, platformImage("a2"), { ageDays: 30 });
  const v2 = imageVersion(20, imageIndex([a2, b1]), { tags: ["v2"], ageDays: 30 });
  const latest = imageVersion(40, platformImage("recent"), { tags: ["latest"], ageDays: 1 });
  const left = [a1, att1, sbom];
  for (const child of left) child.download_count = 9000;
  sandbox = await startSandbox({
    state: state([pkg("container", "app", [v1, a1, b1, att1, sbom, v2, a2, latest])]),
  });
  const s = sandbox;
  const dir = mkdtempSync(join(tmpdir(), "ghpkg-earlier-"));
  writeFileSync(
    join(dir, "ghpkg.yaml"),
    "version: 1\nowner: octocat\npackages:\n  - type: container\n    name: app\n    delete:\n      - tag: v1\n",
  );
  const cli = (...args: string[]) =>
    runCli(["--registry-url", s.url, ...args], { cwd: dir, env: cliEnv(s.url) });
  const first = await cli("apply", "--yes", "--write-interval", "0");
  assert.equal(first.code, 1, first.stderr);
  assert.notEqual(v1.deleted_at, null, "the parent was deleted");
  for (const child of left) {
    assert.equal(child.deleted_at, null, "its children were left behind");
    child.download_count = 0;
  }
  const active = () =>
    s.state.packages[0]!.versions.filter((v) => v.deleted_at === null)
      .map((v) => v.id)
      .sort((a, b) => a - b);
  return { dir, cli, active, journal: join(dir, ".ghpkg", "journal.jsonl"), sandbox: s };
}

const plannedChildren = (json: string) =>
  (JSON.parse(json) as PlanJson).operations.map((o) => [o.version_id, o.parent_version_id ?? null, o.reason]);

describe("a run stopped after a parent's delete is finished by the next", () => {
  it("the next plan deletes the children it left, and apply converges", async () => {
    const t = await stoppedAfterParent();
    const plan = await t.cli("plan", "--format", "json");
    assert.equal(plan.code, 0, plan.stderr);
    assert.deepEqual(plannedChildren(plan.stdout), [
      [11, 10, "child of v1 (deleted earlier)"],
      [13, 10, "child of v1 (deleted earlier)"],
      [14, 10, "child of v1 (deleted earlier)"],
    ]);
    const text = await t.cli("plan");
    assert.match(text.stdout, /# child of v1 \(deleted earlier\)/);
    const applied = await t.cli("apply", "--yes", "--write-interval", "0");
    assert.equal(applied.code, 0, applied.stderr);
    assert.deepEqual(t.active(), [12, 20, 21, 40], "b1 stays: v2 still lists it");
    const again = await t.cli("plan", "--detailed-exitcode");
    assert.equal(again.code, 0, again.stdout);
  });

  it("knows the children from the parent's cached manifest when the journal has nothing after the parent", async () => {
    const t = await stoppedAfterParent();
    // What a run killed right after the parent's delete leaves: the parent's two lines, nothing else.
    const lines = readFileSync(t.journal, "utf8").split("\n");
    const parentLines = lines.filter((line) => line.includes('"version_id":10,'));
    assert.equal(parentLines.length, 2);
    writeFileSync(t.journal, `${parentLines.join("\n")}\n`);
    assert.deepEqual(
      readJournal(t.journal).map((e) => e.event),
      ["sent", "done"],
    );
    const plan = await t.cli("plan", "--format", "json");
    assert.equal(plan.code, 0, plan.stderr);
    assert.deepEqual(
      plannedChildren(plan.stdout).map(([id]) => id),
      [11, 13, 14],
    );
    const saved = join(t.dir, "plan.json");
    assert.equal((await t.cli("plan", "--out", saved)).code, 0);
    const applied = await t.cli("apply", saved, "--yes", "--write-interval", "0");
    assert.equal(applied.code, 0, applied.stderr);
    assert.deepEqual(t.active(), [12, 20, 21, 40]);
  });

  it("fails closed when the deleted parent's manifest can be read neither from the cache nor the registry", async () => {
    const t = await stoppedAfterParent();
    writeFileSync(
      t.journal,
      `${readFileSync(t.journal, "utf8")
        .split("\n")
        .filter((l) => l.includes('"version_id":10,'))
        .join("\n")}\n`,
    );
    rmSync(join(t.dir, ".ghpkg", "cache"), { recursive: true });
    const plan = JSON.parse((await t.cli("plan", "--format", "json")).stdout) as PlanJson;
    assert.deepEqual(plan.operations, []);
    // The SBOM names v1 itself (its own manifest says so): known, and blocked; a1 and att1 are unknown, and stay.
    assert.deepEqual(
      plan.blocked.map((b) => b.version_id),
      [14],
    );
    assert.match(plan.blocked[0]?.why ?? "", /deleted earlier by ghpkg, could not be read/);
    assert.deepEqual(t.active(), [11, 12, 13, 14, 20, 21, 40]);
  });
});
