import { afterEach, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { PlanJson as Plan } from "../../src/plan/json.js";
import { startSandbox, type Sandbox } from "../../src/sandbox/server.js";
import type { SandboxVersion } from "../../src/sandbox/state.js";
import { runCli } from "../helpers/cli.js";
import { imageIndex, imageVersion, platformImage } from "../helpers/images.js";
import { cliEnv, pkg, state } from "../helpers/sandbox.js";

/**
 * Two multi-platform releases sharing a platform image (b1), an attestation inside v1's index,
 * an SBOM whose subject is v1, a cosign signature of v2 by tag, a loose untagged build and a recent image.
 */
function images() {
  const a1 = imageVersion(11, platformImage("a1"), { ageDays: 40 });
  const b1 = imageVersion(12, platformImage("b1"), { ageDays: 40 });
  const att1 = imageVersion(13, platformImage("att1"), { ageDays: 40 });
  const v1 = imageVersion(10, imageIndex([a1, b1, att1]), { tags: ["v1"], ageDays: 40 });
  const a2 = imageVersion(21, platformImage("a2"), { ageDays: 30 });
  const v2 = imageVersion(20, imageIndex([a2, b1]), { tags: ["v2"], ageDays: 30 });
  const sbom = imageVersion(14, platformImage("sbom", v1.name), { ageDays: 39 });
  const sig = imageVersion(22, platformImage("sig2"), {
    tags: [`sha256-${v2.name.slice(7)}.sig`],
    ageDays: 30,
  });
  const loose = imageVersion(30, platformImage("loose"), { ageDays: 50 });
  const recent = imageVersion(40, platformImage("recent"), { tags: ["latest"], ageDays: 1 });
  return { v1, a1, b1, att1, sbom, v2, a2, sig, loose, recent };
}

let sandbox: Sandbox | undefined;
afterEach(() => sandbox?.close());

async function setup(rules: string, tweak: (v: ReturnType<typeof images>) => void = () => undefined) {
  const v = images();
  tweak(v);
  sandbox = await startSandbox({
    state: state([pkg("container", "app", Object.values<SandboxVersion>(v))]),
  });
  const dir = mkdtempSync(join(tmpdir(), "ghpkg-images-"));
  writeFileSync(
    join(dir, "ghpkg.yaml"),
    `version: 1\nowner: octocat\npackages:\n  - type: container\n    name: app\n${rules}`,
  );
  const s = sandbox;
  const cli = (...args: string[]) =>
    runCli(["--registry-url", s.url, ...args], { cwd: dir, env: cliEnv(s.url) });
  const active = () =>
    new Set(s.state.packages[0]!.versions.filter((x) => x.deleted_at === null).map((x) => x.id));
  const manifestReads = () => s.requests.filter((r) => r.path.startsWith("/v2/")).length;
  return { v, sandbox: s, cli, active, manifestReads };
}

const APPLY = ["apply", "--yes", "--write-interval", "0"];

describe("container images: children follow their parents", () => {
  it("a tagged multi-platform image survives `delete: [{untagged: true}]` intact", async () => {
    const t = await setup("    delete:\n      - untagged: true\n");
    const plan = await t.cli("plan");
    assert.equal(plan.code, 0, plan.stderr);
    assert.match(
      plan.stdout,
      /octocat\/container\/app: 10 active \(deleted versions not read: no keep could restore one\); 5 kept as children of images that stay/,
    );
    const applied = await t.cli(...APPLY);
    assert.equal(applied.code, 0, applied.stderr);
    assert.deepEqual([...t.active()].sort(), [10, 11, 12, 13, 14, 20, 21, 22, 40]);
    // Applied again, there is nothing to do; apply says why the rule deletes no more, as plan does.
    const again = await t.cli(...APPLY);
    assert.equal(again.code, 0, again.stderr);
    assert.match(
      again.stdout,
      /^No changes: the live versions match the spec\.\n5 versions the rules would delete are kept as children of images that stay \(octocat\/container\/app 5\)\.$/m,
    );
  });

  it("deleting a tagged index takes its unreferenced children and keeps a child shared with a kept index", async () => {
    const t = await setup("    delete:\n      - tag: v1\n");
    const json = await t.cli("plan", "--format", "json");
    const plan = JSON.parse(json.stdout) as Plan;
    assert.deepEqual(
      plan.operations.map((o) => [o.version_id, o.parent_version_id ?? null, o.reason]),
      [
        [10, null, "delete[0]: tag v1"],
        [11, 10, "child of v1"],
        [13, 10, "child of v1"],
        [14, 10, "child of v1"],
      ],
    );
    const text = await t.cli("plan");
    assert.match(
      text.stdout,
      /- delete {3}sha256:\w+… \[v1\] 40d old +# delete\[0\]: tag v1\n {2}- delete {5}└ sha256:\w+… \[untagged\] 40d old +# child of v1\n/,
    );
    const applied = await t.cli(...APPLY);
    assert.equal(applied.code, 0, applied.stderr);
    const deletes = t.sandbox.requests
      .filter((r) => r.method === "DELETE")
      .map((r) => Number(/(\d+)$/.exec(r.path)?.[1]));
    assert.equal(deletes[0], 10, "the index is deleted before its children");
    assert.deepEqual([...t.active()].sort(), [12, 20, 21, 22, 30, 40]);
  });

  it("a signature (by tag) and an SBOM (by subject) follow their subject", async () => {
    const t = await setup("    delete:\n      - tag: v2\n");
    const plan = JSON.parse((await t.cli("plan", "--format", "json")).stdout) as Plan;
    assert.deepEqual(
      plan.operations.map((o) => [o.version_id, o.parent_version_id ?? null]),
      [
        [20, null],
        [21, 20],
        [22, 20],
      ],
    );
  });

  it("never deletes a child whose parent's delete failed", async () => {
    const t = await setup("    delete:\n      - tag: v1\n", (v) => {
      v.v1.download_count = 9000; // GitHub refuses to delete a public version this popular
    });
    const applied = await t.cli(...APPLY);
    assert.equal(applied.code, 1);
    assert.match(
      applied.stderr,
      /^skipped: delete octocat\/container\/app sha256:\w+… \[untagged\]: not sent: the delete of its parent sha256:\w+ did not succeed$/m,
    );
    assert.equal(t.active().size, 10);
  });

  it("an unreadable manifest blocks every delete of the package, tagged or not: ghpkg fails closed", async () => {
    const t = await setup("    delete:\n      - olderThan: 45d\n      - tag: v1\n", (v) => {
      v.a2.manifest_unreadable = true;
    });
    const plan = JSON.parse((await t.cli("plan", "--format", "json")).stdout) as Plan;
    assert.deepEqual(plan.operations, []);
    // The tagged index too: any version could be the child of the image whose manifest is unknown.
    assert.deepEqual(
      plan.blocked.map((b) => b.version_id),
      [10, 11, 13, 14, 30],
    );
    for (const blocked of plan.blocked)
      assert.match(blocked.why, /could not be read.*no version of this package is deleted/);
    const applied = await t.cli(...APPLY);
    assert.equal(applied.code, 0, applied.stderr);
    assert.equal(t.active().size, 10, "nothing was deleted");
  });

  it("a tagged platform image is not deleted while its index's manifest answers 500", async () => {
    // The case: v1's platform image carries its own tag, and v1's manifest cannot be read.
    const t = await setup("    delete:\n      - tag: v1-amd64\n", (v) => {
      v.a1.tags = ["v1-amd64"];
      v.v1.manifest_unreadable = true;
    });
    const plan = JSON.parse((await t.cli("plan", "--format", "json")).stdout) as Plan;
    assert.deepEqual(plan.operations, []);
    assert.deepEqual(
      plan.blocked.map((b) => [b.version_id, b.reason]),
      [[11, "delete[0]: tag v1-amd64"]],
    );
    const applied = await t.cli(...APPLY);
    assert.equal(applied.code, 0, applied.stderr);
    assert.ok(t.active().has(11), "v1-amd64 is still there");
  });

  it("reads manifests only when something is deleted, and a second plan reads none (cache by digest)", async () => {
    const quiet = await setup("    keep:\n      - tag: v1\n");
    await quiet.cli("plan");
    assert.equal(quiet.manifestReads(), 0, "nothing to delete, nothing read");
    await quiet.sandbox.close();

    const t = await setup("    delete:\n      - untagged: true\n");
    await t.cli("plan");
    assert.equal(t.manifestReads(), 10, "one read per active version");
    await t.cli("plan");
    assert.equal(t.manifestReads(), 10, "the second plan read nothing");
  });
});
