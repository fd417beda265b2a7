import { afterEach, describe, it } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { closeSync, copyFileSync, mkdtempSync, openSync, ftruncateSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Sandbox } from "../../src/sandbox/server.js";
import { ROOT, runCli, startCli } from "../helpers/cli.js";
import { E2E_NOW, startExampleSandbox } from "../helpers/e2e.js";
import { cliEnv } from "../helpers/sandbox.js";

/**
 * `apply PLANFILE` reads only a regular file, up to a documented size, and never hangs on one that
 * is not; a plan dated in the future (which would age versions early) is refused.
 */
let sandbox: Sandbox | undefined;
afterEach(() => sandbox?.close());

async function setup() {
  sandbox = await startExampleSandbox();
  const s = sandbox;
  const dir = mkdtempSync(join(tmpdir(), "ghpkg-plan-file-"));
  copyFileSync(join(ROOT, "examples/ghpkg.yaml"), join(dir, "ghpkg.yaml"));
  const cli = (...args: string[]) => runCli(args, { cwd: dir, env: cliEnv(s.url) });
  return { dir, sandbox: s, cli };
}

/** Exit 1, exactly one line on stderr matching `line`, nothing on stdout, nothing asked of GitHub. */
function assertOneLine(
  result: { code: number | null; stdout: string; stderr: string },
  line: RegExp,
  s: Sandbox,
) {
  assert.equal(result.code, 1, result.stderr);
  assert.equal(result.stderr.split("\n").filter(Boolean).length, 1, result.stderr);
  assert.match(result.stderr.trimEnd(), line);
  assert.doesNotMatch(result.stderr, /\n\s+at /, "no stack trace");
  assert.deepEqual(s.requests, []);
}

const APPLY = ["--yes", "--write-interval", "0", "--now", E2E_NOW];

describe("apply PLANFILE reads only a regular file", () => {
  it("/dev/zero is refused in one line, at once", async () => {
    const t = await setup();
    const started = Date.now();
    const result = await t.cli("apply", "/dev/zero", ...APPLY);
    assertOneLine(
      result,
      /^error: the plan \/dev\/zero is not a regular file \(a device\); a plan is a file written by ghpkg plan --out$/,
      t.sandbox,
    );
    assert.ok(Date.now() - started < 10_000);
  });

  it("a FIFO is refused at once, without waiting for a writer", async () => {
    const t = await setup();
    const fifo = join(t.dir, "plan.json");
    execFileSync("mkfifo", [fifo]);
    const { child, result } = startCli(["apply", fifo, ...APPLY], { cwd: t.dir, env: cliEnv(t.sandbox.url) });
    // Were it waiting for a writer, SIGTERM would end it (exit 130); it must not wait at all.
    const timer = setTimeout(() => child.kill("SIGTERM"), 5_000);
    const done = await result;
    clearTimeout(timer);
    assertOneLine(
      done,
      /^error: the plan .*plan\.json is not a regular file \(a FIFO\); a plan is a file written by ghpkg plan --out$/,
      t.sandbox,
    );
  });

  it("a file over 256 MiB is refused before it is read", async () => {
    const t = await setup();
    const big = join(t.dir, "plan.json");
    const fd = openSync(big, "w");
    ftruncateSync(fd, 256 * 1024 * 1024 + 1); // sparse: no disk is filled
    closeSync(fd);
    const result = await t.cli("apply", big, ...APPLY);
    assertOneLine(
      result,
      /^error: the plan .*plan\.json is larger than 256 MiB, more than any plan ghpkg applies; make a plan of fewer packages$/,
      t.sandbox,
    );
  });
});

describe("apply PLANFILE refuses a plan from the future", () => {
  it("a plan dated more than 5 minutes ahead of the clock (--now) is refused; 4 minutes ahead is not", async () => {
    const t = await setup();
    const future = join(t.dir, "future.json");
    const made = await t.cli("plan", "--now", "2027-06-01T00:00:00Z", "--out", future);
    assert.equal(made.code, 0, made.stderr);
    const requests = t.sandbox.requests.length;
    const result = await t.cli("apply", future, ...APPLY);
    assert.equal(result.code, 1, result.stderr);
    assert.equal(
      result.stderr,
      `error: refusing the saved plan ${future}: it is dated 2027-06-01T00:00:00Z, more than 5 minutes ahead of the clock (${E2E_NOW}), and would age versions early; nothing was changed (is a clock wrong? make the plan again with ghpkg plan --out)\n`,
    );
    assert.equal(t.sandbox.requests.length, requests, "nothing asked of GitHub");

    const soon = join(t.dir, "soon.json");
    await t.cli("plan", "--now", "2026-11-24T10:04:00Z", "--out", soon);
    const accepted = await t.cli("apply", soon, ...APPLY);
    assert.equal(accepted.code, 0, accepted.stderr);
  });
});
