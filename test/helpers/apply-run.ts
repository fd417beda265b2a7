import assert from "node:assert/strict";
import type { ChildProcess } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readJournal, type JournalEntry } from "../../src/journal/journal.js";
import type { PlanJson } from "../../src/plan/json.js";
import type { Sandbox, SandboxOptions } from "../../src/sandbox/server.js";
import { ROOT, runCli, startCli } from "./cli.js";
import { E2E_NOW, startExampleSandbox } from "./e2e.js";
import { startProxy, type Proxy, type ProxyHooks } from "./proxy.js";
import { cliEnv } from "./sandbox.js";

export interface ApplyRig {
  readonly dir: string;
  readonly sandbox: Sandbox;
  /** Between the CLI and the sandbox: sees each mutation leave the CLI, and can hold it. */
  readonly proxy: Proxy;
  readonly env: Record<string, string>;
  readonly journalPath: string;
  cli(...args: string[]): ReturnType<typeof runCli>;
  start(...args: string[]): ReturnType<typeof startCli>;
  plan(): Promise<PlanJson>;
  journal(): JournalEntry[];
  /** Whether every operation of a plan took effect in the sandbox's own state. */
  inPlannedState(planned: PlanJson): boolean;
  lockExists(): boolean;
  close(): Promise<void>;
}

/** The example spec in a fresh directory, the example sandbox, and a proxy in front of it. */
export async function applyRig(
  options: Partial<SandboxOptions> = {},
  hooks: ProxyHooks = {},
): Promise<ApplyRig> {
  const sandbox = await startExampleSandbox(options);
  const proxy = await startProxy(sandbox.url, hooks);
  const dir = mkdtempSync(join(tmpdir(), "ghpkg-apply-"));
  copyFileSync(join(ROOT, "examples/ghpkg.yaml"), join(dir, "ghpkg.yaml"));
  const env = cliEnv(proxy.url);
  const journalPath = join(dir, ".ghpkg", "journal.jsonl");
  const cli = (...args: string[]) => runCli(args, { cwd: dir, env });
  return {
    dir,
    sandbox,
    proxy,
    env,
    journalPath,
    cli,
    start: (...args) => startCli(args, { cwd: dir, env }),
    plan: async () => {
      const result = await cli("plan", "--format", "json", "--now", E2E_NOW);
      assert.equal(result.code, 0, result.stderr);
      return JSON.parse(result.stdout) as PlanJson;
    },
    journal: () => readJournal(journalPath),
    inPlannedState: (planned) =>
      planned.operations.every((op) => {
        const version = sandbox.state.packages
          .find((p) => p.type === op.package_type && p.name === op.package_name)
          ?.versions.find((v) => v.id === op.version_id);
        return op.action === "delete" ? version?.deleted_at !== null : version?.deleted_at === null;
      }),
    lockExists: () => existsSync(`${journalPath}.lock`),
    close: async () => {
      await proxy.close();
      await sandbox.close();
    },
  };
}

/** Resolves once the child has written something matching `pattern` to that stream. */
export function printed(child: ChildProcess, stream: "stdout" | "stderr", pattern: RegExp): Promise<void> {
  let seen = "";
  const source = child[stream];
  return new Promise((resolve, reject) => {
    const check = (chunk: Buffer) => {
      seen += chunk.toString();
      if (pattern.test(seen)) {
        source?.off("data", check);
        resolve();
      }
    };
    source?.on("data", check);
    child.on("close", () => reject(new Error(`exited without ${String(pattern)} on ${stream}:\n${seen}`)));
  });
}

/** `sent` lines, and the versions each outcome line settles, of a journal. */
export function journalCounts(entries: readonly JournalEntry[]): { sent: number[]; settled: number[] } {
  return {
    sent: entries.filter((e) => e.event === "sent").map((e) => e.version_id),
    settled: entries.filter((e) => e.event !== "sent").map((e) => e.version_id),
  };
}

export const APPLY = ["apply", "--yes", "--now", E2E_NOW];
