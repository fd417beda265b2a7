import type { Problem } from "../../spec/problem.js";
import { formatProblem } from "../../spec/problem.js";
import { escapeText } from "../../render/escape.js";
import { neutraliseCommands, problemAnnotation } from "../../render/workflow-commands.js";
import { standardErr, standardOut } from "./standard-streams.js";

/**
 * Where the CLI writes, and how: every command prints through this, never through console directly.
 * `out` and `err` carry text that may come from a spec or from GitHub, so no line they write can start
 * a GitHub Actions workflow command; `annotate` is the one deliberate way to write one.
 */
export interface Output {
  readonly color: boolean;
  readonly quiet: boolean;
  readonly verbose: boolean;
  out(text: string): void;
  err(text: string): void;
  /** A spec problem as a workflow annotation on stdout, its text escaped as commands require. */
  annotate(problem: Problem): void;
}

export interface OutputOptions {
  readonly color?: boolean;
  readonly quiet?: boolean;
  readonly verbose?: boolean;
}

export function terminalOutput(options: OutputOptions, env: NodeJS.ProcessEnv = process.env): Output {
  const color = options.color !== false && env.NO_COLOR === undefined && process.stdout.isTTY === true;
  const line = (text: string) => neutraliseCommands(text.endsWith("\n") ? text : `${text}\n`);
  return {
    color,
    quiet: options.quiet === true,
    verbose: options.verbose === true,
    out: (text) => standardOut.write(line(text)),
    err: (text) => standardErr.write(line(text)),
    annotate: (problem) => standardOut.write(`${problemAnnotation(problem)}\n`),
  };
}

/** Spec problems, one per line; on GitHub Actions also as annotations so pull requests show them inline. */
export function reportProblems(
  output: Output,
  problems: readonly Problem[],
  env: NodeJS.ProcessEnv = process.env,
): void {
  for (const problem of problems) output.err(escapeText(formatProblem(problem)));
  if (env.GITHUB_ACTIONS === "true") for (const problem of problems) output.annotate(problem);
  output.err(
    `${problems.length} ${problems.length === 1 ? "problem" : "problems"} in the spec; nothing was changed`,
  );
}
