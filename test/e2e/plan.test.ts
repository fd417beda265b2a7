import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Sandbox } from "../../src/sandbox/server.js";
import { runCli } from "../helpers/cli.js";
import { assertExpected, E2E_NOW, startExampleSandbox } from "../helpers/e2e.js";
import { cliEnv, TOKEN } from "../helpers/sandbox.js";

let sandbox: Sandbox;
before(async () => {
  sandbox = await startExampleSandbox();
});
after(() => sandbox.close());

const plan = (...args: string[]) =>
  runCli(["plan", "-f", "examples/", "--now", E2E_NOW, ...args], { env: cliEnv(sandbox.url) });

describe("ghpkg plan against the sandbox", () => {
  for (const [name, args] of [
    ["plan.txt", []],
    ["plan.json", ["--format", "json"]],
    ["plan.md", ["--format", "markdown"]],
    ["plan-diff.txt", ["--diff"]],
  ] as const) {
    it(`prints ${name}`, async () => {
      const result = await plan(...args);
      assert.equal(result.code, 0, result.stderr);
      assertExpected(name, result.stdout, sandbox.url);
      assert.ok(!result.stdout.includes(TOKEN) && !result.stderr.includes(TOKEN));
    });
  }

  it("--out saves the same JSON document, and --detailed-exitcode exits 2 when there are operations", async () => {
    const out = join(mkdtempSync(join(tmpdir(), "ghpkg-plan-")), "plan.json");
    const result = await plan("--format", "json", "--out", out, "--detailed-exitcode");
    assert.equal(result.code, 2, result.stderr);
    const saved = readFileSync(out, "utf8");
    assert.equal(saved, result.stdout);
    assert.ok(!saved.includes(TOKEN));
    const parsed = JSON.parse(saved) as { format_version: number; spec_digest: string; api_url: string };
    assert.equal(parsed.format_version, 1);
    assert.match(parsed.spec_digest, /^sha256:[0-9a-f]{64}$/);
    assert.equal(parsed.api_url, sandbox.url);
  });

  it("--quiet prints only the summary line", async () => {
    const result = await plan("--quiet");
    assert.equal(result.code, 0);
    assert.match(result.stdout, /^Plan: \d+ to delete, \d+ to restore, \d+ blocked, \d+ unchanged\.\n$/);
  });

  it("no changes: says so, and --detailed-exitcode exits 0", async () => {
    const dir = mkdtempSync(join(tmpdir(), "ghpkg-plan-"));
    writeFileSync(
      join(dir, "ghpkg.yaml"),
      "version: 1\nowner: octocat\npackages:\n  - type: npm\n    name: lib\n",
    );
    const result = await runCli(["plan", "--detailed-exitcode", "--now", E2E_NOW], {
      cwd: dir,
      env: cliEnv(sandbox.url),
    });
    assert.equal(result.code, 0, result.stderr);
    assert.match(
      result.stdout,
      /No changes: the live versions match the spec\.\n\nPlan: 0 to delete, 0 to restore, 0 blocked, 9 unchanged\./,
    );
    const markdown = await runCli(["plan", "--format", "markdown"], { cwd: dir, env: cliEnv(sandbox.url) });
    assert.match(markdown.stdout, /\*\*No changes\.\*\*/);
  });

  it("reads the same plan when every page holds 5 versions", async () => {
    const small = await startExampleSandbox({ maxPerPage: 5 });
    try {
      const paged = await runCli(["plan", "-f", "examples/", "--now", E2E_NOW, "--format", "json"], {
        env: cliEnv(small.url),
      });
      assert.equal(paged.code, 0, paged.stderr);
      assertExpected("plan.json", paged.stdout.split(small.url).join(sandbox.url), sandbox.url);
      assert.ok(small.requests.length > 8, "pagination was exercised");
    } finally {
      await small.close();
    }
  });

  it("a bad spec reads nothing from GitHub and exits 1", async () => {
    const before = sandbox.requests.length;
    const result = await runCli(["plan", "-f", "test/fixtures/invalid/bad-semver.yaml"], {
      env: cliEnv(sandbox.url),
    });
    assert.equal(result.code, 1);
    assert.match(result.stderr, /bad-semver\.yaml:8:17:/);
    assert.equal(sandbox.requests.length, before);
  });

  it("without a token: a clear error, exit 1", async () => {
    const result = await runCli(["plan", "-f", "examples/"], { env: { GITHUB_API_URL: sandbox.url } });
    assert.equal(result.code, 1);
    assert.equal(
      result.stderr,
      "error: no token: set GITHUB_TOKEN (or GH_TOKEN) to a token with the read:packages scope (and delete:packages to apply)\n",
    );
  });

  it("a plain http API URL off loopback is refused before anything is sent", async () => {
    const result = await runCli(["plan", "-f", "examples/", "--api-url", "http://api.github.com"], {
      env: cliEnv(sandbox.url),
    });
    assert.equal(result.code, 1);
    assert.match(result.stderr, /^error: refusing plain http for api\.github\.com/);
  });

  it("a wrong token is a one-line 401 message and the token is not in it", async () => {
    const locked = await startExampleSandbox();
    locked.state.tokens = { ghp_other: "octocat" };
    try {
      const result = await runCli(["plan", "-f", "examples/"], { env: cliEnv(locked.url) });
      assert.equal(result.code, 1);
      assert.match(result.stderr, /^error: GitHub refused the token \(401 Bad credentials\)/);
      assert.ok(!result.stderr.includes(TOKEN));
      assert.doesNotMatch(result.stderr, /\n\s+at /);
    } finally {
      await locked.close();
    }
  });

  it("an error that would quote the token prints *** instead", async () => {
    const result = await runCli(["plan", "-f", "examples/", "--api-url", `oops ${TOKEN}`], {
      env: cliEnv(sandbox.url),
    });
    assert.equal(result.code, 1);
    assert.equal(
      result.stderr,
      "error: the API URL `oops ***` is not a URL (expected such as https://api.github.com)\n",
    );
  });

  it("--now must be a date-time", async () => {
    const result = await plan("--now", "yesterday");
    assert.equal(result.code, 1);
    assert.match(
      result.stderr,
      /option '--now <time>' argument 'yesterday' is invalid\. expected an RFC 3339 date-time with a time zone/,
    );
  });
});
