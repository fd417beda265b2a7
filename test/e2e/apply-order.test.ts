import { afterEach, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { PlanJson } from "../../src/plan/json.js";
import { startSandbox, type Sandbox } from "../../src/sandbox/server.js";
import { runCli } from "../helpers/cli.js";
import { imageIndex, imageVersion, platformImage } from "../helpers/images.js";
import { cliEnv, pkg, state } from "../helpers/sandbox.js";

let sandbox: Sandbox | undefined;
afterEach(() => sandbox?.close());

/** Index A [v1] lists index B, which lists image C; index D [v2] lists C too; E [latest] stands alone. */
function nested() {
  const c = imageVersion(3, platformImage("c"), { ageDays: 40 });
  const b = imageVersion(2, imageIndex([c]), { ageDays: 40 });
  const a = imageVersion(1, imageIndex([b]), { tags: ["v1"], ageDays: 40 });
  const d = imageVersion(4, imageIndex([c]), { tags: ["v2"], ageDays: 30 });
  const e = imageVersion(5, platformImage("e"), { tags: ["latest"], ageDays: 1 });
  return { a, b, c, d, e };
}

describe("delete order as a graph (nested indexes)", () => {
  it("regression: when B's delete is refused, C, which B still lists, is not deleted", async () => {
    const v = nested();
    v.b.download_count = 9000; // GitHub refuses to delete a public version this popular
    sandbox = await startSandbox({ state: state([pkg("container", "app", Object.values(v))]) });
    const dir = mkdtempSync(join(tmpdir(), "ghpkg-order-"));
    writeFileSync(
      join(dir, "ghpkg.yaml"),
      "version: 1\nowner: octocat\npackages:\n  - type: container\n    name: app\n    delete:\n      - tag: v1\n      - tag: v2\n",
    );
    const s = sandbox;
    const cli = (...args: string[]) => runCli(args, { cwd: dir, env: cliEnv(s.url) });
    const plan = JSON.parse((await cli("plan", "--format", "json")).stdout) as PlanJson;
    const c = plan.operations.find((o) => o.version_id === 3);
    assert.deepEqual([...(c?.parent_version_ids ?? [])].sort(), [2, 4], "the plan says both B and D list C");

    const applied = await cli("apply", "--yes", "--write-interval", "0");
    assert.equal(applied.code, 1);
    assert.match(
      applied.stderr,
      /^failed: delete octocat\/container\/app sha256:\w+… \[untagged\]: Publicly visible/m,
    );
    assert.match(
      applied.stderr,
      /^skipped: delete octocat\/container\/app sha256:\w+… \[untagged\]: not sent/m,
    );
    assert.match(applied.stdout, /Apply: 2 deleted, 0 restored, 1 failed, 1 skipped\./);
    const active = s.state.packages[0]!.versions.filter((x) => x.deleted_at === null).map((x) => x.id);
    assert.deepEqual(active.sort(), [2, 3, 5], "B stays whole: its child C is still there");
  });
});
