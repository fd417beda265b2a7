import { createClient } from "../../src/live/client.js";
import { githubSource } from "../../src/live/github.js";
import type { PackageSource } from "../../src/live/source.js";
import { startSandbox, type Sandbox, type SandboxOptions } from "../../src/sandbox/server.js";
import type {
  SandboxAccount,
  SandboxPackage,
  SandboxState,
  SandboxToken,
  SandboxVersion,
} from "../../src/sandbox/state.js";
import type { PackageType } from "../../src/model/package.js";

export const TOKEN = "ghp_SandboxSecret0123456789abcdefABCDEF";

/** `count` versions, one a day, newest first in ids: version i is i days old. */
export function versions(
  count: number,
  options: { firstId?: number; tags?: (i: number) => string[] } = {},
): SandboxVersion[] {
  const now = Date.now();
  return Array.from({ length: count }, (_, i) => {
    const created = new Date(now - (i + 1) * 86_400_000).toISOString();
    return {
      id: (options.firstId ?? 1) + i,
      name: `1.0.${count - i}`,
      tags: options.tags?.(i) ?? [],
      created_at: created,
      updated_at: created,
      deleted_at: null,
      download_count: 0,
    };
  });
}

export function pkg(
  type: PackageType,
  name: string,
  list: SandboxVersion[],
  owner = "octocat",
): SandboxPackage {
  return { owner, type, name, visibility: "public", versions: list };
}

export function state(packages: SandboxPackage[], extra: Partial<SandboxState> = {}): SandboxState {
  return { viewer: "octocat", tokens: { [TOKEN]: "octocat" }, packages, ...extra };
}

export function sandbox(packages: SandboxPackage[], options: Partial<SandboxOptions> = {}): Promise<Sandbox> {
  return startSandbox({ state: state(packages), ...options });
}

/** The real adapter, real Octokit and plugins, with waits shortened so tests stay fast. */
export function source(url: string, token: string | undefined = TOKEN): PackageSource {
  const client = createClient({
    apiUrl: url,
    token,
    userAgent: "ghpkg-test",
    retryBaseMs: 5,
    onWait: () => undefined,
  });
  return githubSource(client, url);
}

/** Environment for the CLI against a sandbox (API and registry): the token, the URL, short plugin waits. */
export function cliEnv(url: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    GITHUB_TOKEN: TOKEN,
    GITHUB_API_URL: url,
    GHPKG_REGISTRY_URL: url,
    GHPKG_RETRY_BASE_MS: "5",
    ...extra,
  };
}

/** A GitHub App installation token (as Actions' GITHUB_TOKEN): see `installationToken`. */
export const INSTALLATION_TOKEN = "ghs_SandboxInstallation0123456789abcdef";

/** `tokens` entry for an installation token granted these packages (`owner/type/name`). */
export function installationToken(packages: string[]): Record<string, SandboxToken> {
  return { [INSTALLATION_TOKEN]: { login: "github-actions[bot]", kind: "installation", packages } };
}

/** `accounts` entry making `login` an organisation with these admins. */
export function organisation(login: string, admins: string[]): Record<string, SandboxAccount> {
  return { [login]: { type: "Organization", admins } };
}
