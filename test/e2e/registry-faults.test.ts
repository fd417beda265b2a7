import { afterEach, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { PlanJson as Plan } from "../../src/plan/json.js";
import { startSandbox, type Sandbox, type SandboxOptions } from "../../src/sandbox/server.js";
import { runCli } from "../helpers/cli.js";
import { E2E_NOW } from "../helpers/e2e.js";
import { imageIndex, imageVersion, platformImage } from "../helpers/images.js";
import { cliEnv, pkg, state } from "../helpers/sandbox.js";

/**
 * A registry that falters for a moment (its token service answers 502 once, a manifest read fails a
 * few times) must not change a plan: those reads are retried with backoff, as GitHub API reads are.
 */
const sandboxes: Sandbox[] = [];
afterEach(async () => {
  for (const s of sandboxes.splice(0)) await s.close();
});

const now = Date.parse(E2E_NOW);

function images() {
  const amd = imageVersion(11, platformImage("amd"), { ageDays: 40, now });
  const arm = imageVersion(12, platformImage("arm"), { ageDays: 40, now });
  const v1 = imageVersion(10, imageIndex([amd, arm]), { tags: ["v1"], ageDays: 40, now });
  const loose = imageVersion(30, platformImage("loose"), { ageDays: 50, now });
  const latest = imageVersion(40, platformImage("latest"), { tags: ["latest"], ageDays: 1, now });
  return [v1, amd, arm, loose, latest];
}

/** The JSON plan of `delete: [{untagged: true}]` against a fresh sandbox with these faults. */
async function planWith(
  faults: Partial<SandboxOptions>,
  args: string[] = [],
): Promise<{ plan: Plan; sandbox: Sandbox; stderr: string }> {
  const sandbox = await startSandbox({
    state: state([pkg("container", "app", images())]),
    clock: () => now,
    ...faults,
  });
  sandboxes.push(sandbox);
  const dir = mkdtempSync(join(tmpdir(), "ghpkg-registry-faults-"));
  writeFileSync(
    join(dir, "ghpkg.yaml"),
    "version: 1\nowner: octocat\npackages:\n  - type: container\n    name: app\n    delete:\n      - untagged: true\n",
  );
  const result = await runCli(
    ["--registry-url", sandbox.url, "plan", "--format", "json", "--now", E2E_NOW, ...args],
    { cwd: dir, env: cliEnv(sandbox.url) },
  );
  assert.equal(result.code, 0, result.stderr);
  return { plan: JSON.parse(result.stdout) as Plan, sandbox, stderr: result.stderr };
}

const statuses = (sandbox: Sandbox, path: RegExp) =>
  sandbox.requests.filter((r) => path.test(r.path)).map((r) => r.status);

describe("transient registry faults leave the plan as it would be without them", () => {
  it("the registry's /token answering 502 once", async () => {
    const { plan: calm } = await planWith({});
    assert.deepEqual(
      calm.operations.map((o) => o.version_id),
      [30],
    );
    const { plan, sandbox, stderr } = await planWith({ tokenFaults: 1 }, ["--verbose"]);
    assert.deepEqual(plan.operations, calm.operations);
    assert.deepEqual(plan.blocked, calm.blocked);
    assert.deepEqual(statuses(sandbox, /^\/token/), [502, 200], "asked again after the 502");
    // The wait is said, as an API retry's is (every wait with --verbose; one over 5 s always).
    assert.match(
      stderr,
      /^note: waiting \d+ s, until \S+Z, for a retry of the registry's pull token for octocat\/app, which was answered 502$/m,
    );
  });

  it("a manifest read answered 502 three times in a row", async () => {
    const { plan: calm } = await planWith({});
    // One read at a time, so that the three faults fall on the same manifest.
    const { plan, sandbox } = await planWith({ manifestFaults: 3 }, ["--concurrency", "1"]);
    assert.deepEqual(plan.operations, calm.operations);
    assert.deepEqual(plan.blocked, calm.blocked);
    assert.equal(statuses(sandbox, /^\/v2\//).filter((s) => s === 502).length, 3);
  });

  it("a fault that does not pass still fails closed, with the registry's answer", async () => {
    const { plan } = await planWith({ tokenFaults: 100 });
    assert.deepEqual(plan.operations, []);
    assert.match(plan.blocked[0]?.why ?? "", /the registry refused a pull token for octocat\/app \(502\)/);
  });
});
