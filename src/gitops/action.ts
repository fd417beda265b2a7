import { dirname } from "node:path";
import { defaultJournalPath } from "../journal/journal.js";
import { loadSpec } from "../spec/load.js";
import { readInputs, type ActionInputs } from "./action-inputs.js";
import { applyStep } from "./apply-step.js";
import { statePlace, withKeptState, type CacheStore } from "./kept-state.js";
import { note } from "./log.js";
import { planStep } from "./plan-step.js";
import { lastLine, runCli, type Ghpkg } from "./run-cli.js";
import { stepFiles } from "./step-files.js";

/** What the Action is given besides its inputs: where ghpkg is, and the cache (absent outside Actions). */
export interface ActionSetup {
  readonly cliPath: string;
  readonly cache: CacheStore | undefined;
  readonly nowMs: number;
}

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
  const ghpkg: Ghpkg = (command, args) =>
    runCli(setup.cliPath, [...globalFlags(inputs), command, ...specFlags(inputs), ...args], cliEnv);

  if (inputs.command === "validate") {
    const run = await ghpkg("validate", []);
    files.setOutput("summary", lastLine(run.stdout));
    return run.code;
  }
  return withKeptState(setup.cache, statePlaceOf(inputs, env, setup.nowMs), note, () =>
    inputs.command === "plan" ? planStep(inputs, env, files, ghpkg) : applyStep(inputs, env, files, ghpkg),
  );
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
    if (journalFlag === -1 || journal === undefined) journal = defaultJournalPath(spec.files);
  } catch {
    journal ??= defaultJournalPath(inputs.specs);
  }
  return statePlace(dirname(journal), owners, inputs.specs, env, nowMs);
}
