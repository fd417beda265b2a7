import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { defaultJournalPath } from "../cli/make-plan.js";
import { createClient } from "../live/client.js";
import { checkedUrl } from "../live/connection.js";
import type { Plan } from "../plan/types.js";
import {
  COMMENT_LIMIT,
  JOB_SUMMARY_LIMIT,
  characters,
  renderMarkdownWithin,
  utf8Bytes,
} from "../render/markdown-budget.js";
import { summaryLine } from "../render/summary.js";
import { loadSpec } from "../spec/load.js";
import { readInputs, type ActionInputs } from "./action-inputs.js";
import { parseApplyOutput, renderApplyReport } from "./apply-report.js";
import { statePlace, withKeptState, type CacheStore } from "./kept-state.js";
import { upsertComment } from "./pr-comment.js";
import { pullRequestNumber, runUrl } from "./pull-request.js";
import { runCli } from "./run-cli.js";
import { stepFiles, type StepFiles } from "./step-files.js";

/** What the Action is given besides its inputs: where ghpkg is, and the cache (absent outside Actions). */
export interface ActionSetup {
  readonly cliPath: string;
  readonly cache: CacheStore | undefined;
  readonly nowMs: number;
}

const note = (message: string) => process.stderr.write(`note: ${message}\n`);

/**
 * The GitHub Action (action.yml): `validate`, `plan` (Markdown within GitHub's limits to the job
 * summary and, on a pull request, to one comment kept up to date) or `apply` (with --yes, its
 * report to the job summary and outputs). The exit code is ghpkg's, except that `plan` succeeds
 * when there are changes: `has-changes` says so.
 */
export async function runAction(env: NodeJS.ProcessEnv, setup: ActionSetup): Promise<number> {
  const inputs = readInputs(env);
  const files = stepFiles(env);
  const cliEnv: NodeJS.ProcessEnv = { ...env, GITHUB_TOKEN: inputs.token, GITHUB_ACTIONS: "true" };
  // The packages' token is the input, and nothing the environment happens to hold.
  delete cliEnv.GH_TOKEN;
  const ghpkg = (command: string, args: readonly string[]) =>
    runCli(setup.cliPath, [...globalFlags(inputs), command, ...specFlags(inputs), ...args], cliEnv);

  if (inputs.command === "validate") {
    const run = await ghpkg("validate", []);
    files.setOutput("summary", lastLine(run.stdout));
    return run.code;
  }
  return withKeptState(setup.cache, statePlaceOf(inputs, env, setup.nowMs), note, () =>
    inputs.command === "plan"
      ? planStep(inputs, env, files, ghpkg)
      : applyStep(files, () => ghpkg("apply", ["--yes", ...inputs.args])),
  );
}

async function planStep(
  inputs: ActionInputs,
  env: NodeJS.ProcessEnv,
  files: StepFiles,
  ghpkg: (command: string, args: readonly string[]) => ReturnType<typeof runCli>,
): Promise<number> {
  const id = createHash("sha256").update(inputs.specs.join("\n")).digest("hex").slice(0, 8);
  const planFile = join(env.RUNNER_TEMP || tmpdir(), `ghpkg-plan-${id}.json`);
  const run = await ghpkg("plan", ["--out", planFile, "--detailed-exitcode", ...inputs.args]);
  if (run.code !== 0 && run.code !== 2) {
    files.appendSummary(`### ghpkg plan\n\n**No plan:** ${errorLines(run.stderr)}\n`);
    return run.code;
  }
  const plan = JSON.parse(readFileSync(planFile, "utf8")) as Plan;
  const nowMs = Date.parse(plan.created_at);

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
    process.stdout.write(
      `::warning::could not write the plan comment on #${pullRequest} with the github-token input ` +
        `(it needs \`permissions: pull-requests: write\`): ${escapeData(errorMessage(error))}\n`,
    );
  }
  return 0;
}

async function applyStep(files: StepFiles, apply: () => ReturnType<typeof runCli>): Promise<number> {
  const run = await apply();
  const report = parseApplyOutput(run);
  files.appendSummary(renderApplyReport(report, run.code));
  files.setOutput("summary", report.summary ?? lastLine(run.stdout));
  files.setOutput("deleted", String(report.deleted));
  files.setOutput("restored", String(report.restored));
  files.setOutput("failed", String(report.failed));
  return run.code;
}

function globalFlags(inputs: ActionInputs): string[] {
  return [
    ...(inputs.apiUrl ? ["--api-url", inputs.apiUrl] : []),
    ...(inputs.registryUrl ? ["--registry-url", inputs.registryUrl] : []),
  ];
}

const specFlags = (inputs: ActionInputs) => inputs.specs.flatMap((spec) => ["-f", spec]);

/**
 * `.ghpkg/` where ghpkg will look for it: beside the journal named in `args`, else beside the first
 * spec file. A spec that does not load keeps nothing: ghpkg itself will say what is wrong with it.
 */
function statePlaceOf(inputs: ActionInputs, env: NodeJS.ProcessEnv, nowMs: number) {
  const journalFlag = inputs.args.indexOf("--journal");
  let owners: string[] = [];
  let journal = inputs.args[journalFlag + 1];
  try {
    const spec = loadSpec(inputs.specs);
    owners = spec.packages.map((p) => p.owner);
    if (journalFlag === -1 || journal === undefined) journal = defaultJournalPath(spec);
  } catch {
    journal ??= join(dirname(inputs.specs[0] ?? "ghpkg.yaml"), ".ghpkg", "journal.jsonl");
  }
  return statePlace(dirname(journal), owners, inputs.specs, env, nowMs);
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
    writeIntervalMs: 1000,
    writeConcurrency: 1,
    retryBaseMs: Number(env.GHPKG_RETRY_BASE_MS ?? 1000),
    onWait: note,
  });
}

/** ghpkg's `error:` lines (or, failing those, its last line), for a summary that says why there is no plan. */
function errorLines(stderr: string): string {
  const errors = stderr
    .split("\n")
    .filter((line) => line.startsWith("error: ") || /^\S+:\d+:\d+: /.test(line));
  return (errors.length > 0 ? errors.join("; ") : lastLine(stderr) || "see the step's log").replace(
    /</g,
    "&lt;",
  );
}

const lastLine = (text: string) => text.trim().split("\n").at(-1) ?? "";
const errorMessage = (error: unknown) => (error instanceof Error ? error.message : String(error));
// Workflow commands read %, CR and LF as syntax.
const escapeData = (text: string) => text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
