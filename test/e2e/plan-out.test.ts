import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Sandbox } from "../../src/sandbox/server.js";
import { runCli } from "../helpers/cli.js";
import { assertExpected, E2E_NOW, startExampleSandbox } from "../helpers/e2e.js";
import { cliEnv } from "../helpers/sandbox.js";

let sandbox: Sandbox;
before(async () => {
  sandbox = await startExampleSandbox();
});
after(() => sandbox.close());

const plan = (...args: string[]) =>
  runCli(["plan", "-f", "examples/", "--now", E2E_NOW, ...args], { env: cliEnv(sandbox.url) });

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), "ghpkg-out-"));
}

/** A refused --out is refused before anything is read from GitHub, in one line naming the path. */
async function assertRefused(out: string, why: string): Promise<void> {
  const sent = sandbox.requests.length;
  const result = await plan("--out", out);
  assert.equal(result.code, 1, result.stderr);
  assert.equal(result.stdout, "");
  assert.equal(result.stderr, `error: cannot save the plan to ${out}: ${why}\n`);
  assert.equal(sandbox.requests.length, sent, "nothing was sent");
}

describe("plan --out", () => {
  it("--out - writes the plan JSON to stdout and the rendering to stderr", async () => {
    const result = await plan("--out", "-");
    assert.equal(result.code, 0, result.stderr);
    assertExpected("plan.json", result.stdout, sandbox.url);
    assertExpected("plan.txt", result.stderr, sandbox.url);
    const json = await plan("--out", "-", "--format", "json");
    assertExpected("plan.json", json.stdout, sandbox.url);
    assert.equal(json.stderr, "");
  });

  it("replaces a regular file whole, leaving no temporary file behind", async () => {
    const dir = tempDir();
    const out = join(dir, "plan.json");
    writeFileSync(out, "an older plan");
    const result = await plan("--out", out, "--format", "json");
    assert.equal(result.code, 0, result.stderr);
    assert.equal(readFileSync(out, "utf8"), result.stdout);
    assert.deepEqual(readdirSync(dir), ["plan.json"]);
  });

  it("refuses a folder, a device, a FIFO, and a path whose folder is missing", async () => {
    const dir = tempDir();
    await assertRefused(dir, "it is a folder, and --out only replaces a regular file");
    // /dev/full would answer every write with ENOSPC: refused as a device before it is ever written.
    await assertRefused("/dev/full", "it is a device, and --out only replaces a regular file");
    execFileSync("mkfifo", [join(dir, "pipe")]);
    await assertRefused(join(dir, "pipe"), "it is a FIFO, and --out only replaces a regular file");
    await assertRefused(
      join(dir, "missing", "plan.json"),
      `the folder ${join(dir, "missing")} does not exist`,
    );
    writeFileSync(join(dir, "file"), "");
    await assertRefused(join(dir, "file", "plan.json"), `${join(dir, "file")} is not a folder`);
  });

  it("refuses to replace a spec file, however it is named", async () => {
    // In a folder of its own: code that did replace it must not clobber the repository's examples.
    const dir = tempDir();
    mkdirSync(join(dir, "specs"));
    const spec = "version: 1\nowner: octocat\npackages:\n  - type: npm\n    name: lib\n";
    writeFileSync(join(dir, "specs", "ghpkg.yaml"), spec);
    symlinkSync(join(dir, "specs", "ghpkg.yaml"), join(dir, "link.json"));
    for (const out of ["specs/ghpkg.yaml", "./specs/../specs/ghpkg.yaml", join(dir, "link.json")]) {
      const result = await runCli(["plan", "-f", "specs", "--out", out, "--now", E2E_NOW], {
        cwd: dir,
        env: cliEnv(sandbox.url),
      });
      assert.equal(result.code, 1, result.stderr);
      assert.equal(
        result.stderr,
        `error: cannot save the plan to ${out}: it is the spec file specs/ghpkg.yaml\n`,
      );
    }
    assert.equal(readFileSync(join(dir, "specs", "ghpkg.yaml"), "utf8"), spec);
  });

  it(
    "permission denied is one line naming the path",
    { skip: process.getuid?.() === 0 && "root may write anywhere" },
    async () => {
      const dir = tempDir();
      mkdirSync(join(dir, "closed"), { mode: 0o555 });
      await assertRefused(join(dir, "closed", "plan.json"), "permission denied (EACCES)");
    },
  );

  it("--help says where --out - puts the plan and the rendering", async () => {
    const help = await runCli(["plan", "--help"]);
    assert.match(help.stdout, /--out -.*standard output/s);
  });
});
