import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { clockEnv } from "./clock-env.js";
import { fileURLToPath } from "node:url";

/** The repository root, from dist/test/helpers/. */
export const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
/** What users run: package.json's `bin`, the launcher of the bundle `npm run build` makes. */
export const CLI = fileURLToPath(new URL("../../bundle/cli/ghpkg.cjs", import.meta.url));

// The CLI's V8 code cache goes to a folder of this test file's own, not the home folder: tests
// neither leave files behind nor depend on what an earlier run cached.
let compileCache: string | undefined;
function testCompileCache(): string {
  if (compileCache === undefined) {
    const dir = mkdtempSync(join(tmpdir(), "ghpkg-test-v8-"));
    process.once("exit", () => rmSync(dir, { recursive: true, force: true }));
    compileCache = dir;
  }
  return compileCache;
}

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface CliOptions {
  readonly env?: Record<string, string | undefined>;
  readonly cwd?: string;
  readonly input?: string;
  /** A file descriptor for the CLI's standard output (as `> file` gives it); else a pipe, read into `stdout`. */
  readonly stdout?: number;
}

/** Runs the built CLI as a user would, in a clean environment (no token unless given). */
export function runCli(args: readonly string[], options: CliOptions = {}): Promise<CliResult> {
  return startCli(args, options).result;
}

/** The same, with the child process at hand: for tests that signal or kill it. */
export function startCli(
  args: readonly string[],
  options: CliOptions = {},
): { child: ChildProcess; result: Promise<CliResult> } {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? "",
    NO_COLOR: "1",
    GHPKG_COMPILE_CACHE: testCompileCache(),
    ...clockEnv(),
  };
  for (const [key, value] of Object.entries(options.env ?? {})) if (value !== undefined) env[key] = value;
  const child = spawn(process.execPath, [CLI, ...args], {
    cwd: options.cwd ?? ROOT,
    env,
    stdio: ["pipe", options.stdout ?? "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdin?.end(options.input ?? "");
  const result = new Promise<CliResult>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code, signal) => resolve({ code: code ?? (signal ? -1 : null), stdout, stderr }));
  });
  return { child, result };
}
