import { spawn } from "node:child_process";
import { appendFileSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createClient } from "../live/client.js";
import { checkedUrl } from "../live/connection.js";
import type { Plan } from "../plan/types.js";
import { summaryLine } from "../render/summary.js";
import { upsertComment } from "./pr-comment.js";

const CLI = fileURLToPath(new URL("../cli/main.js", import.meta.url));

interface Ran {
  readonly code: number;
  readonly stdout: string;
}

/** The CLI as a step runs it: stderr straight to the log (annotations included), stdout kept too. */
function ghpkg(args: readonly string[], env: NodeJS.ProcessEnv): Promise<Ran> {
  const child = spawn(process.execPath, [CLI, ...args], { env, stdio: ["ignore", "pipe", "inherit"] });
  let stdout = "";
  child.stdout.on("data", (chunk: Buffer) => {
    stdout += chunk.toString();
    process.stdout.write(chunk);
  });
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? 1, stdout }));
  });
}

/**
 * The GitHub Action: `validate`, `plan` (Markdown to the step summary and, on pull requests, to one
 * comment kept up to date) or `apply` (with --yes). Inputs arrive as INPUT_* variables; the exit code is
 * the CLI's, except that `plan` succeeds with changes (has-changes says so).
 */
export async function runAction(env: NodeJS.ProcessEnv): Promise<number> {
  const command = env.INPUT_COMMAND || "plan";
  const specs = (env.INPUT_SPEC || "ghpkg.yaml").split(/[\s,]+/).filter(Boolean);
  const extra = (env.INPUT_ARGS ?? "").split(/\s+/).filter(Boolean);
  const token = env.INPUT_TOKEN || env.GITHUB_TOKEN || env.GH_TOKEN || "";
  const apiUrl = env.INPUT_API_URL || env.GITHUB_API_URL || "https://api.github.com";
  const cliEnv = { ...env, GITHUB_TOKEN: token, GITHUB_API_URL: apiUrl, GITHUB_ACTIONS: "true" };
  const files = specs.flatMap((spec) => ["-f", spec]);
  const output = (name: string, value: string) =>
    env.GITHUB_OUTPUT && appendFileSync(env.GITHUB_OUTPUT, `${name}=${value}\n`);
  const summary = (markdown: string) =>
    env.GITHUB_STEP_SUMMARY && appendFileSync(env.GITHUB_STEP_SUMMARY, `${markdown}\n`);

  if (command === "validate") return (await ghpkg(["validate", ...files], cliEnv)).code;

  if (command === "apply") {
    const ran = await ghpkg(["apply", ...files, "--yes", ...extra], cliEnv);
    summary(`### ghpkg apply\n\n\`\`\`\n${ran.stdout.trim()}\n\`\`\`\n`);
    output("summary", ran.stdout.trim().split("\n").at(-1) ?? "");
    return ran.code;
  }

  if (command !== "plan") {
    console.error(`::error::the command input must be validate, plan or apply, not ${command}`);
    return 1;
  }
  const planFile = join(env.RUNNER_TEMP ?? tmpdir(), "ghpkg-plan.json");
  const ran = await ghpkg(
    ["plan", ...files, "--format", "markdown", "--out", planFile, "--detailed-exitcode", ...extra],
    cliEnv,
  );
  if (ran.code === 1) return 1;
  const plan = JSON.parse(readFileSync(planFile, "utf8")) as Plan;
  summary(ran.stdout);
  output("has-changes", String(ran.code === 2));
  output("plan-file", planFile);
  output("summary", summaryLine(plan.summary));

  const pullRequest = pullRequestNumber(env);
  if (pullRequest !== undefined && env.GITHUB_REPOSITORY) {
    const client = createClient({
      apiUrl: checkedUrl("API URL", apiUrl),
      token,
      userAgent: "ghpkg-action",
      writeConcurrency: 1,
      retryBaseMs: Number(env.GHPKG_RETRY_BASE_MS ?? 1000),
      onWait: (message) => console.error(`note: ${message}`),
    });
    const marker = `<!-- ghpkg-plan: ${specs.join(" ")} -->`;
    const done = await upsertComment(client, env.GITHUB_REPOSITORY, pullRequest, marker, ran.stdout);
    console.error(`The plan comment on #${pullRequest} was ${done}.`);
  }
  return 0;
}

function pullRequestNumber(env: NodeJS.ProcessEnv): number | undefined {
  if (!env.GITHUB_EVENT_PATH || !/^pull_request/.test(env.GITHUB_EVENT_NAME ?? "")) return undefined;
  const event = JSON.parse(readFileSync(env.GITHUB_EVENT_PATH, "utf8")) as {
    pull_request?: { number?: number };
  };
  return event.pull_request?.number;
}
