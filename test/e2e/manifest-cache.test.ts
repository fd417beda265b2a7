import { afterEach, describe, it } from "node:test";
import assert from "node:assert/strict";
import { appendFileSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { PlanJson as Plan } from "../../src/plan/json.js";
import { readPack } from "../../src/registry/manifest-pack.js";
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
    const pack = join(dir, ".ghpkg/cache/manifests/packs/octocat%2Fapp.pack");
    const hex = v1.name.slice("sha256:".length);
    const index = JSON.parse(readPack(pack).get(hex)?.toString("utf8") ?? "null") as { manifests: unknown[] };
    assert.deepEqual(index, v1.manifest);
    // An entry for the same digest, later in the pack (so the one that counts), listing no children.
    const tampered = Buffer.from(JSON.stringify({ ...index, manifests: [] }));
    appendFileSync(
      pack,
      Buffer.concat([Buffer.from(`${v1.name} ${tampered.length}\n`), tampered, Buffer.from("\n")]),
    );

    const second = await plan();
    assert.deepEqual(second.operations, first.operations);
    assert.deepEqual(second.blocked, first.blocked);
    assert.deepEqual(reads().slice(readFirst.length), [`/v2/octocat/app/manifests/${v1.name}`]);
    const entry = readPack(pack).get(hex)?.toString("utf8") ?? "null";
    assert.deepEqual(JSON.parse(entry), v1.manifest, "a verified entry is appended, and counts");
  });

  it("reads a cache of one file per digest (the earlier layout) without downloading, into the pack", async () => {
    const a1 = imageVersion(11, platformImage("a1"), { ageDays: 40 });
    const v1 = imageVersion(10, imageIndex([a1]), { tags: ["v1"], ageDays: 40 });
    const loose = imageVersion(30, platformImage("loose"), { ageDays: 50 });
    const s = (sandbox = await startSandbox({ state: state([pkg("container", "app", [v1, a1, loose])]) }));
    const dir = mkdtempSync(join(tmpdir(), "ghpkg-cache-"));
    writeFileSync(
      join(dir, "ghpkg.yaml"),
      "version: 1\nowner: octocat\npackages:\n  - type: container\n    name: app\n    delete:\n      - untagged: true\n",
    );
    const earlier = join(dir, ".ghpkg/cache/manifests/sha256");
    mkdirSync(earlier, { recursive: true });
    for (const v of [v1, a1, loose])
      writeFileSync(join(earlier, v.name.slice("sha256:".length)), JSON.stringify(v.manifest));
    const result = await runCli(["--registry-url", s.url, "plan", "--format", "json"], {
      cwd: dir,
      env: cliEnv(s.url),
    });
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(
      (JSON.parse(result.stdout) as Plan).operations.map((o) => o.version_id),
      [30],
    );
    assert.equal(s.requests.filter((r) => r.path.startsWith("/v2/")).length, 0);
    assert.equal(readPack(join(dir, ".ghpkg/cache/manifests/packs/octocat%2Fapp.pack")).size, 3);
  });
});
