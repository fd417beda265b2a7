import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startSandbox, type Sandbox, type SandboxOptions } from "../../src/sandbox/server.js";
import type { SandboxPackage, SandboxState } from "../../src/sandbox/state.js";
import { runCli, type CliResult } from "./cli.js";
import { E2E_NOW } from "./e2e.js";
import { cliEnv } from "./sandbox.js";

export interface World {
  readonly sandbox: Sandbox;
  readonly dir: string;
  /** The built CLI in the spec's folder, against the sandbox, with --now pinned where a command takes it. */
  cli(args: readonly string[], env?: Record<string, string>): Promise<CliResult>;
  /** Ids of a package's active versions in the sandbox now. */
  active(owner: string, type: string, name: string): number[];
  /** The DELETE and POST requests the sandbox answered, as `METHOD path`. */
  mutations(): string[];
  close(): Promise<void>;
}

/** A sandbox with this state, its clock at E2E_NOW, and a folder holding `ghpkg.yaml` with this text. */
export async function world(
  state: SandboxState,
  spec = "",
  options: Partial<SandboxOptions> = {},
): Promise<World> {
  const sandbox = await startSandbox({ state, clock: () => Date.parse(E2E_NOW), ...options });
  const dir = mkdtempSync(join(tmpdir(), "ghpkg-world-"));
  if (spec) writeFileSync(join(dir, "ghpkg.yaml"), spec);
  const find = (owner: string, type: string, name: string): SandboxPackage | undefined =>
    sandbox.state.packages.find((p) => p.owner === owner && p.type === type && p.name === name);
  return {
    sandbox,
    dir,
    cli: (args, env = {}) =>
      runCli(["--registry-url", sandbox.url, ...args], { cwd: dir, env: cliEnv(sandbox.url, env) }),
    active: (owner, type, name) =>
      (find(owner, type, name)?.versions ?? [])
        .filter((v) => v.deleted_at === null)
        .map((v) => v.id)
        .sort((a, b) => a - b),
    mutations: () =>
      sandbox.requests
        .filter((r) => r.method === "DELETE" || r.method === "POST")
        .map((r) => `${r.method} ${r.path}`),
    close: () => sandbox.close(),
  };
}

/** A version `ageDays` before E2E_NOW; deleted `deletedDaysAgo` before it when given. */
export function at(
  id: number,
  name: string,
  ageDays: number,
  options: { tags?: string[]; deletedDaysAgo?: number } = {},
) {
  const now = Date.parse(E2E_NOW);
  const created = new Date(now - ageDays * 86_400_000).toISOString();
  return {
    id,
    name,
    tags: options.tags ?? [],
    created_at: created,
    updated_at: created,
    deleted_at:
      options.deletedDaysAgo === undefined
        ? null
        : new Date(now - options.deletedDaysAgo * 86_400_000).toISOString(),
    download_count: 0,
  };
}
