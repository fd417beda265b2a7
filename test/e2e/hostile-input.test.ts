import { afterEach, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { PlanJson as Plan } from "../../src/plan/json.js";
import type { Sandbox } from "../../src/sandbox/server.js";
import type { SandboxPackage } from "../../src/sandbox/state.js";
import { runCli } from "../helpers/cli.js";
import { cliEnv, pkg, sandbox as startSandbox, versions } from "../helpers/sandbox.js";

/** Version names and spec text written by someone who means harm, end to end through the CLI. */
let sandbox: Sandbox | undefined;
afterEach(() => sandbox?.close());

async function setup(spec: string, packages: SandboxPackage[] = []) {
  const s = (sandbox = await startSandbox(packages));
  const dir = mkdtempSync(join(tmpdir(), "ghpkg-hostile-"));
  writeFileSync(join(dir, "ghpkg.yaml"), spec);
  const cli = (args: string[], env: Record<string, string> = {}) =>
    // The sandbox and the versions here follow the clock, and so does ghpkg: no --now.
    runCli(args, { cwd: dir, env: cliEnv(s.url, env) });
  return { sandbox: s, dir, cli };
}

/**
 * GitHub Actions runs a line of a step's output as a workflow command when it starts with `::` after any
 * whitespace (or holds `##[`, the old form). Only ghpkg's own annotations of spec problems may do so.
 */
function assertNoInjectedCommand(stream: string, name: string): void {
  for (const line of stream.split(/\r\n|\r|\n/)) {
    assert.doesNotMatch(line, /##\[/, `${name}: ${JSON.stringify(line)}`);
    if (/^\s*::/.test(line))
      assert.match(
        line,
        /^::error file=ghpkg\.yaml,line=\d+,col=\d+::[^\r\n]*$/,
        `${name}: ${JSON.stringify(line)}`,
      );
  }
}

describe("hostile input", () => {
  it(
    "a backtracking-prone regex against a hostile version name plans at once (RE2 matches in linear time)",
    { timeout: 60_000 },
    async () => {
      const list = versions(2);
      list[0]!.name = `${"a".repeat(40)}!`;
      list[1]!.name = "a".repeat(40);
      const t = await setup(
        "version: 1\nowner: octocat\npackages:\n  - type: npm\n    name: lib\n    keep:\n      - name: /(a+)+$/\n    unmatched: delete\n",
        [pkg("npm", "lib", list)],
      );
      const result = await t.cli(["plan", "--format", "json"]);
      assert.equal(result.code, 0, result.stderr);
      const plan = JSON.parse(result.stdout) as Plan;
      assert.deepEqual(
        plan.operations.map((o) => [o.action, o.version_id]),
        [["delete", list[0]!.id]],
      );
    },
  );

  it("a package named `..` is refused by validate and by plan, and nothing is sent", async () => {
    const t = await setup(
      "version: 1\nowner: octocat\npackages:\n  - type: npm\n    name: ..\n    unmatched: delete\n",
      [pkg("npm", "lib", versions(3))],
    );
    for (const command of ["validate", "plan"]) {
      const result = await t.cli([command]);
      assert.equal(result.code, 1, `${command}: ${result.stderr}`);
      assert.equal(
        result.stderr,
        "ghpkg.yaml:5:11: `name` must be a package name: no part between slashes may be empty, `.` or `..`, and no control character is allowed\n1 problem in the spec; nothing was changed\n",
      );
    }
    assert.deepEqual(t.sandbox.requests, []);
  });

  it("import refuses the same names on its command line, and sends nothing", async () => {
    const t = await setup("", [pkg("npm", "lib", versions(3))]);
    for (const [args, message] of [
      [
        ["--owner", "octocat", "--package", "npm/.."],
        /argument 'npm\/\.\.' is invalid\. `name` must be a package name/,
      ],
      [["--owner", "octocat", "--package", "container/repo//web"], /`name` must be a package name/],
      [
        ["--owner", "../x", "--package", "npm/lib"],
        /argument '\.\.\/x' is invalid\. `owner` must be a GitHub username/,
      ],
    ] as const) {
      const result = await t.cli(["import", ...args]);
      assert.equal(result.code, 1, result.stderr);
      assert.match(result.stderr, message);
    }
    assert.deepEqual(t.sandbox.requests, []);
  });

  it("spec text never starts a workflow command on GitHub Actions: validate", async () => {
    const t = await setup(
      [
        "version: 1",
        "owner: octocat",
        "packages:",
        "  - type: npm",
        "    name: lib",
        '    "x\\n::warning::from a key": 1',
        '    "y\\r  ::set-output name=owned::1": 1',
        "    keep:",
        '      - name: "/(a)\\\\1\\n::warning::from a pattern/"',
        '      - tag: "##[warning]v*"',
        "",
      ].join("\n"),
    );
    const result = await t.cli(["validate"], { GITHUB_ACTIONS: "true" });
    assert.equal(result.code, 1, result.stderr);
    assertNoInjectedCommand(result.stdout, "stdout");
    assertNoInjectedCommand(result.stderr, "stderr");
    // Each problem is still one line, its control characters shown, and still an annotation.
    assert.match(result.stderr, /^ghpkg\.yaml:6:5: unknown key `x\\n::warning::from a key`/m);
    assert.match(
      result.stdout,
      /^::error file=ghpkg\.yaml,line=6,col=5::unknown key `x\\n::warning::from a key`/m,
    );
    assert.equal(result.stdout.trim().split("\n").length, 4, result.stdout);
  });

  it("spec text and version names from GitHub never start a workflow command: plan", async () => {
    const list = versions(3);
    list[0]!.name = "1.0.3\n::warning::from GitHub";
    list[1]!.name = "1.0.2\r\n  ::add-mask::secret ##[set-output name=x;]y";
    const t = await setup(
      [
        "version: 1",
        "owner: octocat",
        "packages:",
        "  - type: npm",
        "    name: lib",
        "    delete:",
        '      - name: "/(?s:1.*)|\\n::warning::from a pattern/"',
        "",
      ].join("\n"),
      [pkg("npm", "lib", list)],
    );
    for (const format of ["text", "markdown", "json"]) {
      const result = await t.cli(["plan", "--format", format, "--diff"], { GITHUB_ACTIONS: "true" });
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stdout, /from GitHub/);
      assertNoInjectedCommand(result.stdout, `${format} stdout`);
      assertNoInjectedCommand(result.stderr, `${format} stderr`);
    }
  });
});
