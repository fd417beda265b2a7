import { readFileSync } from "node:fs";
import { UserError } from "../model/errors.js";
import { PACKAGE_TYPES, type PackageType } from "../model/package.js";

/** A version as the sandbox stores it: GitHub's fields, plus what GitHub keeps and does not show. */
export interface SandboxVersion {
  id: number;
  name: string;
  tags: string[];
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
  download_count: number;
  /** Container versions: the manifest the registry serves; its JSON text's sha256 is the version's name. */
  manifest?: Record<string, unknown>;
  /** Makes the registry answer 500 for this manifest: to test that ghpkg fails closed. */
  manifest_unreadable?: boolean;
}

export interface SandboxPackage {
  owner: string;
  type: PackageType;
  name: string;
  visibility: "public" | "private";
  versions: SandboxVersion[];
  /** Logins with the admin role on this package (besides its owner, or its organisation's admins). */
  admins?: string[];
}

export interface SandboxToken {
  login: string;
  /** The classic-token scopes GitHub reports in X-OAuth-Scopes; absent means all that ghpkg needs. */
  scopes?: string[];
  /**
   * `installation` is a GitHub App installation token (Actions' GITHUB_TOKEN, `ghs_…`): no user
   * behind it, so `GET /user` is refused, and it is admin of exactly the packages it was granted.
   */
  kind?: "classic" | "installation";
  /** For an installation token: the packages granted to it, as `owner/type/name`. */
  packages?: string[];
  /** Requests an hour (GitHub's primary rate limit), instead of the sandbox's `rateLimit`. */
  rate_limit?: number;
}

/** An account that is not a plain user: an organisation (with its admins), or a user with a fixed id. */
export interface SandboxAccount {
  type: "User" | "Organization";
  id?: number;
  /** For an organisation: the logins that are its admins (owners), who may delete and restore. */
  admins?: string[];
}

export interface SandboxState {
  /** Who any token is, unless `tokens` names each token. */
  viewer: string;
  tokens?: Record<string, string | SandboxToken>;
  /** Logins not listed here are Users; the viewer is always a User. */
  accounts?: Record<string, SandboxAccount>;
  packages: SandboxPackage[];
  /**
   * Registry blobs (image configs) as JSON values; each is served at the sha256 of its JSON text,
   * so a manifest's `config.digest` can point at one and clients that read the config (`skopeo
   * inspect`, `docker pull`) get bytes that match it.
   */
  blobs?: unknown[];
}

/** The state file's shape: dates may be relative (`"40d ago"`), so a bundled example never ages. */
interface StateFile {
  viewer: string;
  blobs?: unknown[];
  tokens?: Record<string, string | SandboxToken>;
  accounts?: Record<string, SandboxAccount>;
  packages: (Omit<SandboxPackage, "versions" | "visibility"> & {
    visibility?: "public" | "private";
    versions: (Partial<SandboxVersion> & { id: number; name: string; created_at: string })[];
  })[];
}

const UNIT_MS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** An absolute date, or one relative to `now` (`"40d ago"`, `"90m ago"`). */
export function resolveDate(text: string, now: number): string {
  const relative = /^(\d+)([mhdw]) ago$/.exec(text);
  if (!relative) return new Date(Date.parse(text)).toISOString();
  return new Date(now - Number(relative[1]) * (UNIT_MS[relative[2] ?? "d"] ?? 0)).toISOString();
}

/** A version with GitHub's defaults for whatever the file or the caller left out. */
export function completeVersion(
  v: Partial<SandboxVersion> & { id: number; name: string },
  now: number,
): SandboxVersion {
  const created = resolveDate(v.created_at ?? new Date(now).toISOString(), now);
  return {
    id: v.id,
    name: v.name,
    tags: v.tags ?? [],
    created_at: created,
    updated_at: v.updated_at ? resolveDate(v.updated_at, now) : created,
    deleted_at: v.deleted_at ? resolveDate(v.deleted_at, now) : null,
    download_count: v.download_count ?? 0,
    ...(v.manifest ? { manifest: v.manifest } : {}),
    ...(v.manifest_unreadable ? { manifest_unreadable: true } : {}),
  };
}

/** Reads a state file's text; a file that is not one is a one-line UserError naming what is wrong. */
export function parseSandboxState(text: string, now: number, source = "the sandbox state"): SandboxState {
  let file: StateFile;
  try {
    file = JSON.parse(text) as StateFile;
  } catch (error) {
    throw new UserError(`${source} is not valid JSON (${(error as Error).message})`);
  }
  const problem = stateFileProblem(file);
  if (problem) throw new UserError(`${source}: ${problem}`);
  return {
    viewer: file.viewer,
    ...(file.tokens ? { tokens: file.tokens } : {}),
    ...(file.accounts ? { accounts: file.accounts } : {}),
    ...(file.blobs ? { blobs: file.blobs } : {}),
    packages: file.packages.map((pkg) => ({
      ...pkg,
      visibility: pkg.visibility ?? "public",
      versions: pkg.versions.map((v) => completeVersion(v, now)),
    })),
  };
}

export function loadSandboxState(path: string, now: number): SandboxState {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new UserError(
      `cannot read the sandbox state ${path} (${(error as NodeJS.ErrnoException).code ?? "error"})`,
    );
  }
  return parseSandboxState(text, now, path);
}

/** The first thing that makes this not a state file, or undefined: enough to fail with a clear line. */
function stateFileProblem(file: unknown): string | undefined {
  if (typeof file !== "object" || file === null) return "expected a JSON object";
  const f = file as Partial<StateFile>;
  if (typeof f.viewer !== "string") return "`viewer` must be a login (a string)";
  if (!Array.isArray(f.packages)) return "`packages` must be an array";
  for (const [i, pkg] of f.packages.entries()) {
    if (typeof pkg !== "object" || pkg === null) return `packages[${i}] must be an object`;
    if (typeof pkg.owner !== "string" || typeof pkg.name !== "string")
      return `packages[${i}] needs \`owner\` and \`name\``;
    if (!(PACKAGE_TYPES as readonly string[]).includes(pkg.type))
      return `packages[${i}].type must be one of ${PACKAGE_TYPES.join(", ")}`;
    if (!Array.isArray(pkg.versions)) return `packages[${i}].versions must be an array`;
    for (const [j, v] of pkg.versions.entries())
      if (typeof v !== "object" || v === null || typeof v.id !== "number" || typeof v.name !== "string")
        return `packages[${i}].versions[${j}] needs a numeric \`id\` and a \`name\``;
  }
  if (f.blobs !== undefined && !Array.isArray(f.blobs)) return "`blobs` must be an array of JSON values";
  for (const [token, entry] of Object.entries(f.tokens ?? {}))
    if (typeof entry === "object" && entry !== null && entry.rate_limit !== undefined)
      if (!Number.isInteger(entry.rate_limit) || entry.rate_limit < 1)
        return `tokens.${token.slice(0, 4)}….rate_limit must be a whole number of at least 1`;
  for (const [login, account] of Object.entries(f.accounts ?? {}))
    if (account?.type !== "User" && account?.type !== "Organization")
      return `accounts.${login}.type must be "User" or "Organization"`;
  return undefined;
}
