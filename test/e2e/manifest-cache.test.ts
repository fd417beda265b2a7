import { afterEach, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { PlanJson as Plan } from "../../src/plan/json.js";
import { startSandbox, type Sandbox } from "../../src/sandbox/server.js";
import { runCli } from "../helpers/cli.js";
import { imageIndex, imageVersion, platformImage } from "../helpers/images.js";
import { cliEnv, pkg, state } from "../helpers/sandbox.js";

let sandbox: Sandbox | undefined;
afterEach(() => sandbox?.close());

describe("the manifest cache", () => {
  it("a tampered cached index is not trusted: it is read again and the kept image keeps its children", async () => {
    const a1 = imageVersion(11, platformImage("a1"), { ageDays: 40 });
    const b1 = imageVersion(12, platformImage("b1"), { ageDays: 40 });
    const v1 = imageVersion(10, imageIndex([a1, b1]), { tags: ["v1"], ageDays: 40 });
    const loose = imageVersion(30, platformImage("loose"), { ageDays: 50 });
    const s = (sandbox = await startSandbox({
      state: state([pkg("container", "app", [v1, a1, b1, loose])]),
    }));
    const dir = mkdtempSync(join(tmpdir(), "ghpkg-cache-"));
    writeFileSync(
      join(dir, "ghpkg.yaml"),
      "version: 1\nowner: octocat\npackages:\n  - type: container\n    name: app\n    delete:\n      - untagged: true\n",
    );
    const plan = async () => {
      const result = await runCli(["--registry-url", s.url, "plan", "--format", "json"], {
        cwd: dir,
        env: cliEnv(s.url),
      });
      assert.equal(result.code, 0, result.stderr);
      return JSON.parse(result.stdout) as Plan;
    };
    const reads = () => s.requests.filter((r) => r.path.startsWith("/v2/")).map((r) => r.path);

    const first = await plan();
    assert.deepEqual(
      first.operations.map((o) => o.version_id),
      [30],
    );
    const readFirst = reads();
    const cached = join(dir, ".ghpkg/cache/manifests/sha256", v1.name.slice("sha256:".length));
    const index = JSON.parse(readFileSync(cached, "utf8")) as { manifests: unknown[] };
    writeFileSync(cached, JSON.stringify({ ...index, manifests: [] }));

    const second = await plan();
    assert.deepEqual(second.operations, first.operations);
    assert.deepEqual(second.blocked, first.blocked);
    assert.deepEqual(reads().slice(readFirst.length), [`/v2/octocat/app/manifests/${v1.name}`]);
    assert.deepEqual(JSON.parse(readFileSync(cached, "utf8")), v1.manifest, "the cache entry is replaced");
  });
});
