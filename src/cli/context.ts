import type { Command } from "commander";
import { UserError } from "../errors.js";
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
  /**
   * One client per run, pointed at --api-url / GITHUB_API_URL, with the token from the environment:
   * every command that asks this needs GitHub, so no token is an error here, before anything is sent.
   */
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
      if (!connection.token)
        throw new UserError(
          "no token: set GITHUB_TOKEN (or GH_TOKEN) to a token with the read:packages scope (and delete:packages to apply)",
        );
      const client = createClient({
        apiUrl: connection.apiUrl,
        token: connection.token,
        userAgent: `ghpkg/${VERSION}`,
        writeIntervalMs: settings.writeIntervalMs ?? 1000,
        writeConcurrency: settings.concurrency ?? 8,
        // Tests and benchmarks shorten the plugins' waits; users keep GitHub's pace.
        retryBaseMs: retryBase(env.GHPKG_RETRY_BASE_MS),
        onWait: (message) => {
          if (!options().quiet) output().err(`note: ${message}`);
        },
      });
      return { source: githubSource(client, connection.apiUrl), connection };
    },
  };
}

function retryBase(value: string | undefined): number {
  const ms = Number(value);
  return value !== undefined && Number.isFinite(ms) && ms >= 0 ? ms : 1000;
}
