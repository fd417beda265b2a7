import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Sandbox } from "../../src/sandbox/server.js";
import type { SandboxVersion } from "../../src/sandbox/state.js";
import { COMMENT_LIMIT, JOB_SUMMARY_LIMIT } from "../../src/render/markdown-budget.js";
import { runActionStep, startActionStep, type StepResult } from "../helpers/action.js";
import { startActionsCacheService, type ActionsCacheService } from "../helpers/actions-cache.js";
import { ROOT } from "../helpers/cli.js";
import { E2E_NOW, startExampleSandbox } from "../helpers/e2e.js";
import { TOKEN, pkg, sandbox as startSandbox, versions } from "../helpers/sandbox.js";

/** The workflow's own token, for the comment: a different login from the packages' owner. */
const WORKFLOW_TOKEN = "ghs_WorkflowSecret0123456789abcdefABCDEF";
const BOT = "github-actions[bot]";

const manifestReads = (sandbox: Sandbox, since: number) =>
  sandbox.requests.slice(since).filter((r) => /^\/v2\/.+\/manifests\//.test(r.path)).length;

/** Neither token in anything a step prints or writes, nor in the comment. */
function assertNoToken(step: StepResult, sandbox: Sandbox): void {
  const everything = [
    step.stdout,
    step.stderr,
    step.summary,
    JSON.stringify(step.outputs),
    ...sandbox.comments.map((c) => c.body),
  ].join("\n");
  for (const secret of [TOKEN, WORKFLOW_TOKEN])
    assert.ok(!everything.includes(secret), "a token was printed");
}

function pullRequestEvent(workspace: string, number: number): Record<string, string> {
  const path = join(workspace, `event-${number}.json`);
  writeFileSync(path, JSON.stringify({ pull_request: { number } }));
  return { GITHUB_EVENT_NAME: "pull_request", GITHUB_EVENT_PATH: path };
}

describe("the bundled Action against the sandbox: the example GitOps repository", () => {
  let sandbox: Sandbox;
  let workspace: string;
  before(async () => {
    sandbox = await startExampleSandbox();
    sandbox.state.tokens = { [TOKEN]: "octocat", [WORKFLOW_TOKEN]: BOT };
    workspace = mkdtempSync(join(tmpdir(), "ghpkg-action-"));
    copyFileSync(join(ROOT, "examples/ghpkg.yaml"), join(workspace, "ghpkg.yaml"));
  });
  after(() => sandbox.close());

  const inputs = (command: string, extra: Record<string, string> = {}) => ({
    command,
    spec: "ghpkg.yaml",
    token: TOKEN,
    "github-token": WORKFLOW_TOKEN,
    "api-url": sandbox.url,
    "registry-url": sandbox.url,
    // The example's ages are read against E2E_NOW by the sandbox: ghpkg plans at the same clock.
    args: command === "apply" ? `--write-interval 0 --now ${E2E_NOW}` : `--now ${E2E_NOW}`,
    ...extra,
  });
  const onPullRequest = () => ({ GITHUB_API_URL: sandbox.url, ...pullRequestEvent(workspace, 7) });

  it("plan on a pull request: job summary, outputs, one comment written with github-token", async () => {
    const first = await runActionStep(workspace, inputs("plan"), onPullRequest());
    assert.equal(first.code, 0, first.stderr);
    assert.equal(first.outputs["has-changes"], "true");
    assert.equal(first.outputs.summary, "Plan: 29 to delete, 1 to restore, 0 blocked, 50 unchanged.");
    const saved = JSON.parse(readFileSync(first.outputs["plan-file"] ?? "", "utf8")) as { summary: unknown };
    assert.deepEqual(saved.summary, { delete: 29, restore: 1, blocked: 0, unchanged: 50 });
    assert.match(first.summary, /^### ghpkg plan\n\n\*\*Plan: 29 to delete/);
    assert.equal(sandbox.comments.length, 1);
    const comment = sandbox.comments[0];
    assert.equal(comment?.user, BOT, "written with github-token, not the packages' token");
    assert.equal(comment?.issue, 7);
    assert.match(comment?.body ?? "", /^<!-- ghpkg-plan: ghpkg\.yaml -->\n### ghpkg plan/);
    assert.match(first.stderr, /The plan comment on #7 was created\./);
    assertNoToken(first, sandbox);
  });

  it("a second plan updates the same comment and reads no manifest: .ghpkg/ was kept", async () => {
    assert.ok(existsSync(join(workspace, ".ghpkg/cache")), "the first plan cached manifests");
    const since = sandbox.requests.length;
    const second = await runActionStep(workspace, inputs("plan"), onPullRequest());
    assert.equal(second.code, 0, second.stderr);
    assert.equal(manifestReads(sandbox, since), 0);
    assert.equal(sandbox.comments.length, 1, "updated, not added");
    assert.match(second.stderr, /was updated\./);
    assert.match(second.stderr, /no Actions cache service here: \.ghpkg is not kept between runs/);
  });

  it("apply: applies with --yes; outputs and job summary say what it did; the next plan has no changes", async () => {
    const applied = await runActionStep(workspace, inputs("apply"), { GITHUB_EVENT_NAME: "push" });
    assert.equal(applied.code, 0, applied.stderr);
    assert.deepEqual(
      [applied.outputs.deleted, applied.outputs.restored, applied.outputs.failed],
      ["29", "1", "0"],
    );
    assert.equal(applied.outputs.summary, "Apply: 29 deleted, 1 restored, 0 failed.");
    assert.match(applied.outputs["run-id"] ?? "", /^\d{8}T\d{6}Z-[0-9a-f]{6}$/);
    const report = JSON.parse(readFileSync(applied.outputs["report-file"] ?? "", "utf8")) as {
      run_id: string;
    };
    assert.equal(report.run_id, applied.outputs["run-id"], "the outputs come from apply's --report");
    assert.match(applied.summary, /^### ghpkg apply\n\n\*\*Apply: 29 deleted, 1 restored, 0 failed\.\*\*/);
    assert.match(applied.summary, /\| 29 \| 1 \| 0 \| 0 \|/);
    assertNoToken(applied, sandbox);

    const after = await runActionStep(workspace, inputs("plan"), onPullRequest());
    assert.equal(after.outputs["has-changes"], "false");
    assert.equal(sandbox.comments.length, 1);
    assert.match(sandbox.comments[0]?.body ?? "", /\*\*No changes\.\*\*/);
  });

  it("a comment GitHub refuses (a fork's read-only token) is a warning; the plan stands", async () => {
    const refused = await runActionStep(
      workspace,
      inputs("plan", { "github-token": "ghs_NotKnownToGitHub0000" }),
      {
        GITHUB_API_URL: sandbox.url,
        ...pullRequestEvent(workspace, 8),
      },
    );
    assert.equal(refused.code, 0, refused.stderr);
    assert.match(
      refused.stdout,
      /^::warning::could not write the plan comment on #8 with the github-token input/m,
    );
    assert.match(refused.summary, /^### ghpkg plan/);
    assert.ok(!sandbox.comments.some((c) => c.issue === 8));
  });

  it("validate: spec errors become annotations and the step fails", async () => {
    copyFileSync(join(ROOT, "test/fixtures/invalid/bad-semver.yaml"), join(workspace, "bad.yaml"));
    const result = await runActionStep(workspace, { command: "validate", spec: "bad.yaml" });
    assert.equal(result.code, 1);
    assert.match(result.stdout, /^::error file=bad\.yaml,line=8,col=17::/m);
  });

  it("bad inputs: one line each, exit 1, and nothing is read", async () => {
    const since = sandbox.requests.length;
    const wrong = await runActionStep(workspace, inputs("destroy"));
    assert.equal(wrong.code, 1);
    assert.equal(wrong.stdout, "::error::the command input must be validate, plan or apply, not `destroy`\n");
    const noToken = await runActionStep(workspace, inputs("plan", { token: "" }));
    assert.equal(noToken.code, 1);
    assert.match(noToken.stdout, /^::error::the token input is empty: plan needs the packages' token/);
    assert.equal(sandbox.requests.length, since);
  });
});

describe("the bundled Action against the sandbox: a 20,000-version package", () => {
  let sandbox: Sandbox;
  let workspace: string;
  before(async () => {
    // Nightly builds with long names, as a busy package has: the whole Markdown plan is over 2 MB.
    const nightly: SandboxVersion[] = versions(20_000).map((v) => ({
      ...v,
      name: `2.4.${v.id}-nightly.${createHash("sha1").update(String(v.id)).digest("hex")}`,
    }));
    sandbox = await startSandbox([pkg("npm", "nightly", nightly)]);
    sandbox.state.tokens = { [TOKEN]: "octocat", [WORKFLOW_TOKEN]: BOT };
    workspace = mkdtempSync(join(tmpdir(), "ghpkg-action-big-"));
    mkdirSync(join(workspace, "specs"));
    writeFileSync(
      join(workspace, "specs/nightly.yaml"),
      "version: 1\nowner: octocat\npackages:\n  - type: npm\n    name: nightly\n    keep:\n      - newest: 1\n    unmatched: delete\n",
    );
  });
  after(() => sandbox.close());

  it("the comment keeps within 65,536 characters and the job summary within 1 MiB; both say how many more", async () => {
    const step = await runActionStep(
      workspace,
      {
        command: "plan",
        spec: "specs/",
        token: TOKEN,
        "github-token": WORKFLOW_TOKEN,
        "api-url": sandbox.url,
      },
      { GITHUB_API_URL: sandbox.url, ...pullRequestEvent(workspace, 12) },
    );
    assert.equal(step.code, 0, step.stderr.slice(-2000));
    assert.equal(step.outputs.summary, "Plan: 19999 to delete, 0 to restore, 0 blocked, 1 unchanged.");

    const shown = (markdown: string) => markdown.match(/^\| delete \|/gm)?.length ?? 0;
    const more = (markdown: string) => Number(/… and (\d+) more operations\*\*/.exec(markdown)?.[1]);

    assert.ok(
      Buffer.byteLength(step.summary) <= JOB_SUMMARY_LIMIT,
      `${Buffer.byteLength(step.summary)} bytes`,
    );
    assert.equal(shown(step.summary) + more(step.summary), 19_999);
    assert.match(step.summary, /the full plan is in the saved plan file \(the step's `plan-file` output\)/);

    const comment = sandbox.comments[0]?.body ?? "";
    assert.equal(sandbox.comments.length, 1);
    assert.ok(comment.length <= COMMENT_LIMIT, `${comment.length} characters`);
    assert.ok(comment.length > COMMENT_LIMIT - 500, "the budget is used");
    assert.equal(shown(comment) + more(comment), 19_999);
    assert.match(
      comment,
      /the full plan is in the saved plan file \(the step's `plan-file` output\); more of it is in \[the job summary of this run\]\(https:\/\/github\.com\/octocat\/infra\/actions\/runs\/\d+\)/,
    );
    assert.ok(shown(comment) < shown(step.summary));
  });
});

describe("the bundled Action against the sandbox: apply with failures", () => {
  let sandbox: Sandbox;
  let cache: ActionsCacheService;
  let workspace: string;
  before(async () => {
    cache = await startActionsCacheService();
    // hubot's public package: octocat's token lists it, but GitHub refuses octocat's deletes.
    sandbox = await startSandbox([
      pkg("npm", "lib", versions(4)),
      pkg("npm", "tool", versions(3, { firstId: 100 }), "hubot"),
    ]);
    workspace = mkdtempSync(join(tmpdir(), "ghpkg-action-fail-"));
    mkdirSync(join(workspace, "specs"));
    for (const owner of ["octocat", "hubot"])
      writeFileSync(
        join(workspace, `specs/${owner}.yaml`),
        `version: 1\nowner: ${owner}\npackages:\n  - type: npm\n    name: ${owner === "octocat" ? "lib" : "tool"}\n    keep:\n      - newest: 1\n    unmatched: delete\n`,
      );
  });
  after(async () => {
    await sandbox.close();
    await cache.close();
  });

  it("reports each failure with GitHub's reason, sets the outputs, fails the step, and keeps the journal", async () => {
    const step = await runActionStep(
      workspace,
      {
        command: "apply",
        spec: "specs/hubot.yaml\nspecs/octocat.yaml",
        token: TOKEN,
        "api-url": sandbox.url,
        args: "--write-interval 0",
      },
      { ACTIONS_CACHE_URL: cache.url, ACTIONS_RUNTIME_TOKEN: "runtime-token" },
    );
    assert.equal(step.code, 1);
    assert.deepEqual([step.outputs.deleted, step.outputs.restored, step.outputs.failed], ["3", "0", "2"]);
    assert.match(step.summary, /\*\*Apply: 3 deleted, 0 restored, 2 failed\.\*\*/);
    assert.match(step.summary, /#### Failed, with GitHub's reasons/);
    assert.equal(
      step.summary.match(/^\| `delete hubot\/npm\/tool 1\.0\.\d` \| .*admin permissions.* \|$/gm)?.length,
      2,
    );
    assert.ok(existsSync(join(workspace, "specs/.ghpkg/journal.jsonl")), "beside the first spec");
    assert.match(step.stderr, /saved specs\/\.ghpkg to the cache \(ghpkg-state-hubot\+octocat-/);
    assert.deepEqual(
      cache.entries.map((e) => e.committed),
      [true],
      "saved although the apply failed",
    );
  });
});

describe("the bundled Action against the sandbox: a cancelled apply", () => {
  let sandbox: Sandbox;
  let workspace: string;
  before(async () => {
    sandbox = await startSandbox([pkg("npm", "lib", versions(30))]);
    workspace = mkdtempSync(join(tmpdir(), "ghpkg-action-cancel-"));
    writeFileSync(
      join(workspace, "ghpkg.yaml"),
      "version: 1\nowner: octocat\npackages:\n  - type: npm\n    name: lib\n    keep:\n      - newest: 1\n    unmatched: delete\n",
    );
  });
  after(() => sandbox.close());

  it("passes the runner's SIGINT on: ghpkg stops cleanly, and the report says what is left", async () => {
    const { child, result } = startActionStep(workspace, {
      command: "apply",
      spec: "ghpkg.yaml",
      token: TOKEN,
      "api-url": sandbox.url,
      args: "--write-interval 100 --concurrency 1",
    });
    // Cancel once the first delete is done: a barrier on ghpkg's output, not a clock.
    await new Promise<void>((resolve) =>
      child.stdout?.on("data", (chunk: Buffer) => {
        if (chunk.toString().includes("done: delete")) resolve();
      }),
    );
    child.kill("SIGINT");
    const step = await result;
    assert.equal(step.code, 130, step.stderr);
    const deleted = Number(step.outputs.deleted);
    assert.ok(deleted >= 1 && deleted < 29, `${deleted} deleted`);
    assert.equal(sandbox.state.packages[0]?.versions.filter((v) => v.deleted_at !== null).length, deleted);
    assert.match(step.summary, /operations? (?:was|were) not started; the next run carries on/);
    assert.ok(existsSync(join(workspace, ".ghpkg/journal.jsonl")));
  });
});

describe("the bundled Action with an Actions cache service: .ghpkg/ kept between runners", () => {
  let sandbox: Sandbox;
  let cache: ActionsCacheService;
  before(async () => {
    sandbox = await startExampleSandbox();
    cache = await startActionsCacheService();
  });
  after(async () => {
    await sandbox.close();
    await cache.close();
  });

  /** A fresh runner: an empty workspace with the repository's spec checked out, nothing else. */
  const runner = () => {
    const workspace = mkdtempSync(join(tmpdir(), "ghpkg-runner-"));
    copyFileSync(join(ROOT, "examples/ghpkg.yaml"), join(workspace, "ghpkg.yaml"));
    return workspace;
  };
  const plan = (workspace: string) =>
    runActionStep(
      workspace,
      {
        command: "plan",
        spec: "ghpkg.yaml",
        token: TOKEN,
        "api-url": sandbox.url,
        "registry-url": sandbox.url,
        args: `--now ${E2E_NOW}`,
      },
      { ACTIONS_CACHE_URL: cache.url, ACTIONS_RUNTIME_TOKEN: "runtime-token", GITHUB_EVENT_NAME: "push" },
    );

  it("the first runner reads manifests and saves them; the next runner restores them and reads none", async () => {
    let since = sandbox.requests.length;
    const first = await plan(runner());
    assert.equal(first.code, 0, first.stderr);
    assert.ok(manifestReads(sandbox, since) > 0);
    assert.match(first.stderr, /no earlier \.ghpkg in the cache/);
    assert.match(first.stderr, /saved \.ghpkg to the cache \(ghpkg-state-octocat-[0-9a-f]{12}-\d+-1-\d+\)/);
    assert.equal(cache.entries.filter((e) => e.committed).length, 1);

    since = sandbox.requests.length;
    const workspace = runner();
    const second = await plan(workspace);
    assert.equal(second.code, 0, second.stderr);
    assert.match(second.stderr, /restored \.ghpkg from the cache/);
    assert.equal(manifestReads(sandbox, since), 0, "every manifest came from the restored cache");
    assert.match(second.stderr, /\.ghpkg unchanged; nothing to save/);
    assert.equal(cache.entries.length, 1, "nothing new was saved");
    assert.ok(existsSync(join(workspace, ".ghpkg/cache")));
  });
});
