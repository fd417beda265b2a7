import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Sandbox } from "../../src/sandbox/server.js";
import { ROOT } from "../helpers/cli.js";
import { startExampleSandbox } from "../helpers/e2e.js";
import { TOKEN } from "../helpers/sandbox.js";

const ACTION = fileURLToPath(new URL("../../src/gitops/action-main.js", import.meta.url));

let sandbox: Sandbox;
let dir: string;
before(async () => {
  sandbox = await startExampleSandbox();
  dir = mkdtempSync(join(tmpdir(), "ghpkg-action-"));
  copyFileSync(join(ROOT, "examples/ghpkg.yaml"), join(dir, "ghpkg.yaml"));
  writeFileSync(join(dir, "event.json"), JSON.stringify({ pull_request: { number: 7 } }));
});
after(() => sandbox.close());

/** The action's step, with the variables GitHub Actions sets for a pull request. */
async function step(command: string, extra: Record<string, string> = {}) {
  const files = {
    summary: join(dir, `summary-${command}-${Date.now()}.md`),
    output: join(dir, `output-${command}-${Date.now()}.txt`),
  };
  writeFileSync(files.summary, "");
  writeFileSync(files.output, "");
  const env = {
    PATH: process.env.PATH ?? "",
    GITHUB_ACTIONS: "true",
    GITHUB_EVENT_NAME: "pull_request",
    GITHUB_EVENT_PATH: join(dir, "event.json"),
    GITHUB_REPOSITORY: "octocat/infra",
    GITHUB_STEP_SUMMARY: files.summary,
    GITHUB_OUTPUT: files.output,
    RUNNER_TEMP: dir,
    INPUT_COMMAND: command,
    INPUT_SPEC: "ghpkg.yaml",
    INPUT_TOKEN: TOKEN,
    INPUT_API_URL: sandbox.url,
    INPUT_ARGS: command === "apply" ? "--write-interval 0" : "",
    GHPKG_REGISTRY_URL: sandbox.url,
    GHPKG_RETRY_BASE_MS: "5",
    ...extra,
  };
  const child = spawn(process.execPath, [ACTION], { cwd: dir, env, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
  child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
  const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
  const outputs = Object.fromEntries(
    readFileSync(files.output, "utf8")
      .trim()
      .split("\n")
      .filter(Boolean)
      .map((line) => line.split(/=(.*)/s).slice(0, 2)),
  ) as Record<string, string>;
  return { code, stdout, stderr, outputs, summary: readFileSync(files.summary, "utf8") };
}

describe("the GitHub Action, with the sandbox standing in for GitHub", () => {
  it("plan: Markdown to the step summary, outputs, and one pull-request comment kept up to date", async () => {
    const first = await step("plan");
    assert.equal(first.code, 0, first.stderr);
    assert.equal(first.outputs["has-changes"], "true");
    assert.equal(first.outputs.summary, "Plan: 29 to delete, 1 to restore, 0 blocked, 50 unchanged.");
    assert.ok(JSON.parse(readFileSync(first.outputs["plan-file"] ?? "", "utf8")));
    assert.match(first.summary, /^### ghpkg plan\n\n\*\*Plan: 29 to delete/);
    assert.equal(sandbox.comments.length, 1);
    assert.match(sandbox.comments[0]?.body ?? "", /^<!-- ghpkg-plan: ghpkg\.yaml -->\n### ghpkg plan/);
    assert.match(first.stderr, /The plan comment on #7 was created\./);

    const second = await step("plan");
    assert.equal(second.code, 0);
    assert.equal(sandbox.comments.length, 1, "updated, not added");
    assert.match(second.stderr, /was updated\./);
  });

  it("apply: applies with --yes, reports in the step summary; the next plan comment says no changes", async () => {
    const applied = await step("apply");
    assert.equal(applied.code, 0, applied.stderr);
    assert.match(applied.summary, /### ghpkg apply\n\n```\n[\s\S]*Apply: 29 deleted, 1 restored, 0 failed\./);
    assert.match(applied.outputs.summary ?? "", /^Apply: 29 deleted/);
    const after = await step("plan");
    assert.equal(after.outputs["has-changes"], "false");
    assert.equal(sandbox.comments.length, 1);
    assert.match(sandbox.comments[0]?.body ?? "", /\*\*No changes\.\*\*/);
  });

  it("validate: spec errors become annotations and the step fails", async () => {
    copyFileSync(join(ROOT, "test/fixtures/invalid/bad-semver.yaml"), join(dir, "bad.yaml"));
    const result = await step("validate", { INPUT_SPEC: "bad.yaml" });
    assert.equal(result.code, 1);
    assert.match(result.stdout, /^::error file=bad\.yaml,line=8,col=17::/m);
  });
});
