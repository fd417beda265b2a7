import type { Problem } from "../spec/problem.js";
import { formatProblem } from "../spec/problem.js";

/** Where the CLI writes, and how: every command prints through this, never through console directly. */
export interface Output {
  readonly color: boolean;
  readonly quiet: boolean;
  readonly verbose: boolean;
  out(text: string): void;
  err(text: string): void;
}

export interface OutputOptions {
  readonly color?: boolean;
  readonly quiet?: boolean;
  readonly verbose?: boolean;
}

export function terminalOutput(options: OutputOptions, env: NodeJS.ProcessEnv = process.env): Output {
  const color = options.color !== false && env.NO_COLOR === undefined && process.stdout.isTTY === true;
  return {
    color,
    quiet: options.quiet === true,
    verbose: options.verbose === true,
    out: (text) => process.stdout.write(text.endsWith("\n") ? text : `${text}\n`),
    err: (text) => process.stderr.write(text.endsWith("\n") ? text : `${text}\n`),
  };
}

/** Spec problems, one per line; on GitHub Actions also as annotations so pull requests show them inline. */
export function reportProblems(
  output: Output,
  problems: readonly Problem[],
  env: NodeJS.ProcessEnv = process.env,
): void {
  for (const problem of problems) output.err(formatProblem(problem));
  if (env.GITHUB_ACTIONS === "true")
    for (const p of problems)
      output.out(
        `::error file=${escapeProperty(p.file)},line=${p.line},col=${p.column}::${escapeData(p.message)}`,
      );
  output.err(
    `${problems.length} ${problems.length === 1 ? "problem" : "problems"} in the spec; nothing was changed`,
  );
}

// Workflow commands read %, CR and LF (and in properties : and ,) as syntax.
const escapeData = (text: string) => text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
const escapeProperty = (text: string) => escapeData(text).replace(/:/g, "%3A").replace(/,/g, "%2C");
