import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { ROOT } from "./cli.js";
import { clockEnv } from "./clock-env.js";

let checkout: string | undefined;

/**
 * The Action as `uses:` gets it: the repository's tracked files only (as they are in the working
 * tree), so no node_modules/ and no dist/. A bundle that reached for either would fail here.
 */
export function actionCheckout(): string {
  if (checkout) return checkout;
  const dir = mkdtempSync(join(tmpdir(), "ghpkg-checkout-"));
  const tracked = execFileSync("git", ["ls-files", "-z"], { cwd: ROOT }).toString("utf8").split("\0");
  for (const file of tracked.filter((f) => f && existsSync(join(ROOT, f)))) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    copyFileSync(join(ROOT, file), join(dir, file));
  }
  return (checkout = dir);
}

export interface StepResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly outputs: Record<string, string>;
  readonly summary: string;
}

let steps = 0;

/**
 * One step of a job: the variables GitHub Actions sets for a JavaScript action (inputs as
 * INPUT_<NAME> with hyphens kept), in `workspace`, which stays between steps as a runner's would
 * not; every file the step writes (outputs, summary) is fresh.
 */
export function runActionStep(
  workspace: string,
  inputs: Record<string, string>,
  env: Record<string, string> = {},
): Promise<StepResult> {
  return startActionStep(workspace, inputs, env).result;
}

/** The same, with the step's process at hand: for tests that cancel it as a runner would (SIGINT). */
export function startActionStep(
  workspace: string,
  inputs: Record<string, string>,
  env: Record<string, string> = {},
): { child: ChildProcess; result: Promise<StepResult> } {
  const step = ++steps;
  const outputFile = join(workspace, `output-${step}.txt`);
  const summaryFile = join(workspace, `summary-${step}.md`);
  writeFileSync(outputFile, "");
  writeFileSync(summaryFile, "");
  const inputVariables = Object.fromEntries(
    Object.entries(inputs).map(([name, value]) => [`INPUT_${name.replace(/ /g, "_").toUpperCase()}`, value]),
  );
  const child = spawn(process.execPath, [join(actionCheckout(), "dist-action/main.mjs")], {
    cwd: workspace,
    env: {
      PATH: process.env.PATH ?? "",
      ...clockEnv(),
      GITHUB_ACTIONS: "true",
      GITHUB_WORKSPACE: workspace,
      GITHUB_REPOSITORY: "octocat/infra",
      GITHUB_SERVER_URL: "https://github.com",
      GITHUB_RUN_ID: String(1000 + step),
      GITHUB_RUN_ATTEMPT: "1",
      GITHUB_OUTPUT: outputFile,
      GITHUB_STEP_SUMMARY: summaryFile,
      RUNNER_TEMP: workspace,
      GHPKG_RETRY_BASE_MS: "5",
      ...inputVariables,
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
  child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
  const result = new Promise<StepResult>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) =>
      resolve({
        code,
        stdout,
        stderr,
        outputs: readOutputs(outputFile),
        summary: readFileSync(summaryFile, "utf8"),
      }),
    );
  });
  return { child, result };
}

/** GITHUB_OUTPUT as the runner reads it: `name=value` lines and `name<<DELIMITER` blocks. */
function readOutputs(file: string): Record<string, string> {
  const lines = readFileSync(file, "utf8").split("\n");
  const outputs: Record<string, string> = {};
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? "";
    const block = /^([^=<]+)<<(.+)$/.exec(line);
    if (block) {
      const end = lines.indexOf(block[2] ?? "", i + 1);
      outputs[block[1] ?? ""] = lines.slice(i + 1, end).join("\n");
      i = end;
    } else if (line.includes("=")) {
      const [name = "", ...value] = line.split("=");
      outputs[name] = value.join("=");
    }
  }
  return outputs;
}
