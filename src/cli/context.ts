import type { Command } from "commander";
import { terminalOutput, type Output } from "./terminal/output.js";

export interface GlobalOptions {
  readonly apiUrl?: string;
  readonly registryUrl?: string;
  readonly color?: boolean;
  readonly verbose?: boolean;
  readonly quiet?: boolean;
}

/**
 * What every command reads from the global options, resolved when the command runs. Cheap on
 * purpose: `--help` and `--version` build it too; connect.ts builds the GitHub client, and only the
 * commands that talk to GitHub load it.
 */
export interface GlobalContext {
  readonly env: NodeJS.ProcessEnv;
  options(): GlobalOptions;
  output(): Output;
}

export function globalContext(program: Command, env: NodeJS.ProcessEnv = process.env): GlobalContext {
  const options = () => program.opts<GlobalOptions>();
  return { env, options, output: () => terminalOutput(options(), env) };
}
