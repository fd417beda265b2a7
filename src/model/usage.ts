import type { PackageType } from "./package.js";

/**
 * What `usedIn` reads in a file for a package of this type: image references (container, docker),
 * npm lockfiles (npm), or nothing yet (maven, rubygems, nuget: `usedIn` on them is a spec error).
 */
export type UsageKind = "image" | "npm";

export function usageKind(type: PackageType): UsageKind | undefined {
  if (type === "container" || type === "docker") return "image";
  if (type === "npm") return "npm";
  return undefined;
}

/** Where a file refers to a version: its path from the working directory (as shown) and a 1-based line. */
export interface UsageSite {
  readonly file: string;
  readonly line: number;
}

/**
 * `HOST/OWNER/NAME:TAG`, `…@sha256:DIGEST` or both, found in a file's text. The host is already
 * the registry's (others are not kept); `repository` is `OWNER/NAME` in lower case. A reference with
 * a digest carries no tag: what it pulls is the digest.
 */
export interface ImageReference extends UsageSite {
  readonly repository: string;
  readonly tag?: string;
  readonly digest?: string;
}

/** A lockfile resolving `name` (`@scope/name`, in lower case) to `version`. */
export interface NpmResolution extends UsageSite {
  readonly name: string;
  readonly version: string;
}

/** What one file says, read once for every glob that names it. */
export interface FileUsage {
  readonly file: string;
  readonly images: readonly ImageReference[];
  readonly npm: readonly NpmResolution[];
}

/** One `usedIn` glob as the spec wrote it, resolved from the working directory, and where it is written. */
export interface UsageGlob {
  /** As written, relative to the spec file's folder. */
  readonly glob: string;
  /** The same glob from the working directory: never absolute, never climbing out of it. */
  readonly fromCwd: string;
  /** `ghpkg.yaml:9:17` (or `--match`), for the error that stops a plan when the glob names no file. */
  readonly at: string;
}

/** `deploy/web.yaml:14`. */
export const siteLabel = (site: UsageSite): string => `${site.file}:${site.line}`;

/** Sites in reading order: by file (as the globs' files sort), then line. */
export function bySite(a: UsageSite, b: UsageSite): number {
  return a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line;
}
