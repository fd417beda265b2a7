import { spawn } from "node:child_process";

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** One ghpkg command of this step, with the step's global flags, spec and token already given. */
export type Ghpkg = (command: string, args: readonly string[]) => Promise<CliRun>;

export const lastLine = (text: string): string => text.trim().split("\n").at(-1) ?? "";

/**
 * ghpkg as the step's log shows it: both streams pass straight through (annotations included) and
 * are kept for the reports. A cancelled job signals this process only; the signal is passed on so
 * that ghpkg stops as after Ctrl-C (nothing new sent, what is under way journaled) and the state
 * is still saved after it.
 */
export function runCli(cliPath: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<CliRun> {
  const child = spawn(process.execPath, [cliPath, ...args], { env, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => {
    stdout += chunk.toString();
    process.stdout.write(chunk);
  });
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
    process.stderr.write(chunk);
  });
  const passOn = (signal: NodeJS.Signals) => child.kill(signal);
  process.on("SIGINT", passOn);
  process.on("SIGTERM", passOn);
  return new Promise<CliRun>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code, signal) => {
      process.off("SIGINT", passOn);
      process.off("SIGTERM", passOn);
      resolve({ code: code ?? (signal ? 130 : 1), stdout, stderr });
    });
  });
}
