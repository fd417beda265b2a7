import type { Command } from "commander";
import { terminalOutput, type Output } from "./output.js";

export interface GlobalOptions {
  readonly apiUrl?: string;
  readonly color?: boolean;
  readonly verbose?: boolean;
  readonly quiet?: boolean;
}

/** What every command reads from the global options, resolved when the command runs. */
export interface GlobalContext {
  options(): GlobalOptions;
  output(): Output;
}

export function globalContext(program: Command): GlobalContext {
  const options = () => program.opts<GlobalOptions>();
  return { options, output: () => terminalOutput(options()) };
}
