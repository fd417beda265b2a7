import { afterEach, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startSandbox, type Sandbox } from "../../src/sandbox/server.js";
import { runCli } from "../helpers/cli.js";
import { imageIndex, imageVersion, platformImage } from "../helpers/images.js";
import { cliEnv, pkg, state, versions } from "../helpers/sandbox.js";

let sandbox: Sandbox | undefined;
afterEach(() => sandbox?.close());

function specDir(body: string): string {
  const dir = mkdtempSync(join(tmpdir(), "ghpkg-concurrency-"));
  writeFileSync(join(dir, "ghpkg.yaml"), `version: 1\nowner: octocat\npackages:\n${body}`);
  return dir;
}

describe("--concurrency: one bound on reads over the whole run", () => {
  it("pages of several packages and manifests share it: never more in flight than asked", async () => {
    const images = Array.from({ length: 12 }, (_, i) => imageVersion(100 + i, platformImage(`${i}z`)));
    const index = imageVersion(99, imageIndex(images.slice(0, 2)), { tags: ["v1"] });
    // Each answer waits 100 ms, so what is sent together overlaps at the sandbox even on a busy machine.
    const s = (sandbox = await startSandbox({
      state: state([
        pkg("npm", "a", versions(30)),
        pkg("npm", "b", versions(30, { firstId: 50 })),
        pkg("container", "app", [index, ...images]),
      ]),
      maxPerPage: 5,
      latencyMs: 100,
    }));
    const dir = specDir(
      "  - type: npm\n    name: a\n  - type: npm\n    name: b\n  - type: container\n    name: app\n    delete:\n      - untagged: true\n",
    );
    const result = await runCli(["plan", "--quiet", "--concurrency", "3"], { cwd: dir, env: cliEnv(s.url) });
    assert.equal(result.code, 0, result.stderr);
    assert.equal(s.requests.filter((r) => r.path.startsWith("/v2/")).length, 13, "every manifest read");
    assert.equal(s.peakInFlight(), 3);
  });

  for (const bad of ["0", "101", "many"])
    it(`--concurrency ${bad} is refused in one line`, async () => {
      const result = await runCli(["plan", "--concurrency", bad], { env: cliEnv("http://127.0.0.1:9") });
      assert.equal(result.code, 1);
      assert.match(result.stderr.trim(), /^error: .*--concurrency.*from 1 to 100[^\n]*$/);
    });
});
