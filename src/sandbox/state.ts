import { readFileSync } from "node:fs";
import type { PackageType } from "../model/package.js";

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
}

export interface SandboxToken {
  login: string;
  /** The classic-token scopes GitHub reports in X-OAuth-Scopes; absent means all that ghpkg needs. */
  scopes?: string[];
}

export interface SandboxState {
  /** Who any token is, unless `tokens` names each token. */
  viewer: string;
  tokens?: Record<string, string | SandboxToken>;
  packages: SandboxPackage[];
}

/** The state file's shape: dates may be relative (`"40d ago"`), so a bundled example never ages. */
interface StateFile {
  viewer: string;
  tokens?: Record<string, string | SandboxToken>;
  packages: (Omit<SandboxPackage, "versions" | "visibility"> & {
    visibility?: "public" | "private";
    versions: (Partial<SandboxVersion> & { id: number; name: string; created_at: string })[];
  })[];
}

const UNIT_MS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

function resolveDate(text: string, now: number): string {
  const relative = /^(\d+)([mhdw]) ago$/.exec(text);
  if (!relative) return new Date(Date.parse(text)).toISOString();
  return new Date(now - Number(relative[1]) * (UNIT_MS[relative[2] ?? "d"] ?? 0)).toISOString();
}

export function parseSandboxState(text: string, now: number): SandboxState {
  const file = JSON.parse(text) as StateFile;
  return {
    viewer: file.viewer,
    ...(file.tokens ? { tokens: file.tokens } : {}),
    packages: file.packages.map((pkg) => ({
      ...pkg,
      visibility: pkg.visibility ?? "public",
      versions: pkg.versions.map((v) => {
        const created = resolveDate(v.created_at, now);
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
      }),
    })),
  };
}

export function loadSandboxState(path: string, now: number): SandboxState {
  return parseSandboxState(readFileSync(path, "utf8"), now);
}
