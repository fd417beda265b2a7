import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { cpSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Sandbox } from "../../src/sandbox/server.js";
import { ROOT, runCli } from "../helpers/cli.js";
import { E2E_NOW, startExampleSandbox } from "../helpers/e2e.js";
import { cliEnv } from "../helpers/sandbox.js";

let sandbox: Sandbox;
before(async () => {
  sandbox = await startExampleSandbox();
});
after(() => sandbox.close());

// Regression: the organisation example once kept `newest: 2` releases and restored an older one, so
// the plan after apply deleted another release; the README's tour must end in "No changes".
describe("the README's tour", () => {
  it("plan --out, apply PLANFILE, then plan --detailed-exitcode finds no changes", async () => {
    const dir = mkdtempSync(join(tmpdir(), "ghpkg-tour-"));
    cpSync(join(ROOT, "examples"), join(dir, "examples"), { recursive: true });
    const run = (...args: string[]) => runCli(args, { cwd: dir, env: cliEnv(sandbox.url) });
    const planned = await run("plan", "-f", "examples/", "--out", "plan.json", "--now", E2E_NOW);
    assert.equal(planned.code, 0, planned.stderr);
    const applied = await run("apply", "plan.json", "--yes", "--write-interval", "0", "--now", E2E_NOW);
    assert.equal(applied.code, 0, applied.stderr);
    assert.match(applied.stdout, /Apply: \d+ deleted, \d+ restored, 0 failed/);
    const again = await run("plan", "-f", "examples/", "--detailed-exitcode", "--now", E2E_NOW);
    assert.equal(again.code, 0, again.stdout);
    assert.match(again.stdout, /No changes/);
  });
});
