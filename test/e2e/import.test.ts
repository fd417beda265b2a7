import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Sandbox } from "../../src/sandbox/server.js";
import { runCli } from "../helpers/cli.js";
import { E2E_NOW, startExampleSandbox } from "../helpers/e2e.js";
import { cliEnv } from "../helpers/sandbox.js";

let sandbox: Sandbox;
before(async () => {
  sandbox = await startExampleSandbox();
});
after(() => sandbox.close());

const PACKAGES = [
  "container/web",
  "container/api",
  "npm/lib",
  "maven/com.example.app",
  "rubygems/octo-cli",
  "nuget/Octo.Client",
];

describe("ghpkg import", () => {
  it("prints a valid spec that keeps exactly the live versions: a plan of it shows no changes", async () => {
    const imported = await runCli(
      ["import", "--owner", "octocat", ...PACKAGES.flatMap((p) => ["--package", p])],
      {
        env: cliEnv(sandbox.url),
      },
    );
    assert.equal(imported.code, 0, imported.stderr);
    assert.match(imported.stdout, /^# Imported by ghpkg import on \d{4}-\d{2}-\d{2}/);
    assert.match(imported.stdout, /- tag: v1\.14\.0\n/);
    assert.match(imported.stdout, /- name: 2\.2\.0-beta\.1\n/);
    const dir = mkdtempSync(join(tmpdir(), "ghpkg-import-"));
    writeFileSync(join(dir, "ghpkg.yaml"), imported.stdout);
    const validated = await runCli(["validate"], { cwd: dir });
    assert.equal(validated.stdout, "ok: 6 packages in 1 file\n");
    const plan = await runCli(["plan", "--detailed-exitcode", "--now", E2E_NOW], {
      cwd: dir,
      env: cliEnv(sandbox.url),
    });
    assert.equal(plan.code, 0, plan.stdout + plan.stderr);
    assert.match(plan.stdout, /No changes/);
  });

  it("refuses a package that is not TYPE/NAME", async () => {
    const result = await runCli(["import", "--owner", "octocat", "--package", "pypi/x"], {
      env: cliEnv(sandbox.url),
    });
    assert.equal(result.code, 1);
    assert.match(result.stderr, /expected TYPE\/NAME with TYPE one of npm, maven/);
  });
});
