import { afterEach, describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startSandbox, type Sandbox } from "../../src/sandbox/server.js";
import type { SandboxVersion } from "../../src/sandbox/state.js";
import { CLI, runCli } from "../helpers/cli.js";
import { clockEnv } from "../helpers/clock-env.js";
import { imageVersion, platformImage } from "../helpers/images.js";
import { cliEnv, pkg, state, versions } from "../helpers/sandbox.js";

let sandbox: Sandbox | undefined;
afterEach(() => sandbox?.close());

/** `script` (util-linux) runs a command on a pseudo-terminal: stderr is then a TTY, as a user's is. */
const HAS_SCRIPT = spawnSync("script", ["--version"]).status === 0;

function onTerminal(args: string[], env: Record<string, string>, cwd: string): Promise<string> {
  const quoted = [process.execPath, CLI, ...args].map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(" ");
  const child = spawn("script", ["-qfec", quoted, "/dev/null"], {
    cwd,
    env: { PATH: process.env.PATH ?? "", TERM: "dumb", ...clockEnv(), ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (out += chunk.toString()));
  return new Promise((resolve) => child.on("close", () => resolve(out)));
}

describe("a run that takes long says so", () => {
  it(
    "on a terminal, manifest reads count up: reading manifests N/M",
    { skip: !HAS_SCRIPT && "no `script`" },
    async () => {
      // 40 untagged images, 100 ms a request: reading their manifests takes seconds.
      const images: SandboxVersion[] = Array.from({ length: 40 }, (_, i) =>
        imageVersion(i + 1, platformImage(`img${i}`), { ageDays: 30 + i }),
      );
      images.push(imageVersion(99, platformImage("latest"), { tags: ["latest"], ageDays: 1 }));
      sandbox = await startSandbox({ state: state([pkg("container", "app", images)]), latencyMs: 100 });
      const dir = mkdtempSync(join(tmpdir(), "ghpkg-progress-"));
      writeFileSync(
        join(dir, "ghpkg.yaml"),
        "version: 1\nowner: octocat\npackages:\n  - type: container\n    name: app\n    delete:\n      - untagged: true\n",
      );
      const out = await onTerminal(["plan", "--concurrency", "4"], cliEnv(sandbox.url), dir);
      assert.match(out, /\rreading manifests \d+\/41/, JSON.stringify(out.slice(0, 400)));
      assert.match(out, /Plan: 40 to delete/);
    },
  );

  it(
    "on a terminal, check counts its manifest reads up too",
    { skip: !HAS_SCRIPT && "no `script`" },
    async () => {
      const images: SandboxVersion[] = Array.from({ length: 20 }, (_, i) =>
        imageVersion(i + 1, platformImage(`img${i}`), { ageDays: 30 + i }),
      );
      sandbox = await startSandbox({ state: state([pkg("container", "app", images)]), latencyMs: 100 });
      const dir = mkdtempSync(join(tmpdir(), "ghpkg-progress-"));
      const out = await onTerminal(
        ["check", "--owner", "octocat", "--package", "container/app", "--concurrency", "2"],
        cliEnv(sandbox.url),
        dir,
      );
      assert.match(out, /\rreading manifests \d+\/20/, JSON.stringify(out.slice(0, 400)));
      assert.match(out, /No broken images or orphans in /, JSON.stringify(out.slice(-400)));
    },
  );

  it("a wait over 5 s gets one line on any output: what it waits for and until when", async () => {
    // One request at a time: of two listings sent together, one meets GitHub's secondary rate limit
    // (retry-after: 1 s), which ghpkg waits out at 6 s a unit.
    sandbox = await startSandbox({
      state: state([pkg("npm", "one", versions(2)), pkg("npm", "two", versions(2, { firstId: 10 }))]),
      maxConcurrentRequests: 1,
      latencyMs: 200, // so that the two listings are in flight together
    });
    const result = await runCli(
      ["list", "--owner", "octocat", "--package", "npm/one", "--package", "npm/two", "--format", "json"],
      { env: cliEnv(sandbox.url, { GHPKG_RETRY_BASE_MS: "6000" }) },
    );
    assert.equal(result.code, 0, result.stderr);
    assert.equal((JSON.parse(result.stdout) as unknown[]).length, 4);
    assert.match(
      result.stderr,
      /^note: waiting 6 s, until \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ, for GitHub's secondary rate limit \(GET \/\S+\)$/m,
    );
  });
});
