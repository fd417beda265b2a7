import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClient } from "../live/client.js";
import { checkedUrl } from "../live/connection.js";
import { retryBase } from "../transport/retry-policy.js";
import { planFromJson, type PlanJson } from "../plan/json.js";
import {
  COMMENT_LIMIT,
  JOB_SUMMARY_LIMIT,
  characters,
  renderMarkdownWithin,
  utf8Bytes,
} from "../render/markdown-budget.js";
import { summaryLine } from "../render/summary.js";
import type { ActionInputs } from "./action-inputs.js";
import { waitNotice } from "../render/wait-notice.js";
import { note, warningAnnotation } from "./log.js";
import { upsertComment } from "./pr-comment.js";
import { pullRequestNumber, runUrl } from "./pull-request.js";
import { lastLine, type Ghpkg } from "./run-cli.js";
import type { StepFiles } from "./step-files.js";

/**
 * `ghpkg plan`, saved to RUNNER_TEMP; its Markdown, within GitHub's limits, to the job summary and,
 * on a pull request, to one comment kept up to date. Succeeds with changes: `has-changes` says so.
 */
export async function planStep(
  inputs: ActionInputs,
  env: NodeJS.ProcessEnv,
  files: StepFiles,
  ghpkg: Ghpkg,
): Promise<number> {
  const id = createHash("sha256").update(inputs.specs.join("\n")).digest("hex").slice(0, 8);
  const planFile = join(env.RUNNER_TEMP || tmpdir(), `ghpkg-plan-${id}.json`);
  const run = await ghpkg("plan", ["--out", planFile, "--detailed-exitcode", ...inputs.args]);
  if (run.code !== 0 && run.code !== 2) {
    files.appendSummary(`### ghpkg plan\n\n**No plan:** ${errorLines(run.stderr)}\n`);
    return run.code;
  }
  const plan = planFromJson(JSON.parse(readFileSync(planFile, "utf8")) as PlanJson);
  const nowMs = Date.parse(plan.createdAt);

  const planFileNote = "the saved plan file (the step's `plan-file` output)";
  const summary = renderMarkdownWithin(plan, nowMs, {
    limit: JOB_SUMMARY_LIMIT,
    measure: utf8Bytes,
    whereTheRestIs: planFileNote,
  });
  files.appendSummary(summary.markdown);
  files.setOutput("has-changes", String(run.code === 2));
  files.setOutput("plan-file", planFile);
  files.setOutput("summary", summaryLine(plan.summary));

  const pullRequest = pullRequestNumber(env);
  if (pullRequest === undefined || !env.GITHUB_REPOSITORY) return 0;
  if (!inputs.githubToken) {
    note("the github-token input is empty: no pull-request comment; the plan is in the job summary");
    return 0;
  }
  const page = runUrl(env);
  const jobSummary = page ? `[the job summary of this run](${page})` : "the job summary of this run";
  const marker = `<!-- ghpkg-plan: ${inputs.specs.join(" ")} -->`;
  const body = renderMarkdownWithin(plan, nowMs, {
    limit: COMMENT_LIMIT - characters(`${marker}\n`),
    measure: characters,
    whereTheRestIs: summary.complete ? jobSummary : `${planFileNote}; more of it is in ${jobSummary}`,
  });
  try {
    const client = commentClient(inputs, env);
    const done = await upsertComment(client, env.GITHUB_REPOSITORY, pullRequest, marker, body.markdown);
    process.stderr.write(`The plan comment on #${pullRequest} was ${done}.\n`);
  } catch (error) {
    // A pull request from a fork gets a read-only token: the plan is still in the job summary.
    warningAnnotation(
      `could not write the plan comment on #${pullRequest} with the github-token input ` +
        `(it needs \`permissions: pull-requests: write\`): ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  return 0;
}

/**
 * The comment is written to this repository's GitHub (the runner's GITHUB_API_URL), with the
 * github-token input: the packages' token may be a classic token that cannot comment.
 */
function commentClient(inputs: ActionInputs, env: NodeJS.ProcessEnv) {
  return createClient({
    apiUrl: checkedUrl("API URL", env.GITHUB_API_URL || inputs.apiUrl || "https://api.github.com"),
    token: inputs.githubToken,
    userAgent: "ghpkg-action",
    retryBaseMs: retryBase(env.GHPKG_RETRY_BASE_MS),
    onWait: (what, waitMs) => {
      const notice = waitNotice(what, waitMs, Date.now());
      if (notice) note(notice);
    },
  });
}

/** ghpkg's `error:` lines and spec problems (else its last line): why there is no plan. */
function errorLines(stderr: string): string {
  const errors = stderr
    .split("\n")
    .filter((line) => line.startsWith("error: ") || /^\S+:\d+:\d+: /.test(line));
  const text = errors.length > 0 ? errors.join("; ") : lastLine(stderr) || "see the step's log";
  return text.replace(/</g, "&lt;");
}
