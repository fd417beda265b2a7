import type { Command } from "commander";
import { createClient } from "../live/client.js";
import { resolveConnection, type Connection } from "../live/connection.js";
import { githubSource } from "../live/github.js";
import type { PackageSource } from "../live/source.js";
import { terminalOutput, type Output } from "./output.js";
import { VERSION } from "./version.js";

export interface GlobalOptions {
  readonly apiUrl?: string;
  readonly registryUrl?: string;
  readonly color?: boolean;
  readonly verbose?: boolean;
  readonly quiet?: boolean;
}

export interface GitHubSettings {
  readonly writeIntervalMs?: number;
  readonly concurrency?: number;
}

/** What every command reads from the global options, resolved when the command runs. */
export interface GlobalContext {
  options(): GlobalOptions;
  output(): Output;
  /** --registry-url, else GHPKG_REGISTRY_URL, else ghcr.io. */
  registryUrl(): string;
  /** One client per run, pointed at --api-url / GITHUB_API_URL, with the token from the environment. */
  github(settings?: GitHubSettings): { source: PackageSource; connection: Connection };
}

export function globalContext(program: Command, env: NodeJS.ProcessEnv = process.env): GlobalContext {
  const options = () => program.opts<GlobalOptions>();
  const output = () => terminalOutput(options(), env);
  return {
    options,
    output,
    registryUrl: () => options().registryUrl ?? env.GHPKG_REGISTRY_URL ?? "https://ghcr.io",
    github(settings = {}) {
      const connection = resolveConnection(options().apiUrl, env);
      const client = createClient({
        apiUrl: connection.apiUrl,
        token: connection.token,
        userAgent: `ghpkg/${VERSION}`,
        writeIntervalMs: settings.writeIntervalMs ?? 1000,
        writeConcurrency: settings.concurrency ?? 8,
        // Tests and benchmarks shorten the plugins' waits; users keep GitHub's pace.
        retryBaseMs: Number(env.GHPKG_RETRY_BASE_MS ?? 1000),
        onWait: (message) => {
          if (!options().quiet) output().err(`note: ${message}`);
        },
      });
      return { source: githubSource(client, connection.apiUrl), connection };
    },
  };
}
