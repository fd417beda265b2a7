import type { PackageRef } from "../model/package.js";
import { bySite, usageKind, type FileUsage, type UsageSite } from "../model/usage.js";
import type { PackageVersion } from "../model/version.js";

/**
 * What the files a `usedIn` selector names say about one package: where each of its versions is
 * referred to, by name (an image's digest, an npm version) and by tag. Plain data, made before
 * planning (reconcile/ reads the files), so that matching stays pure.
 */
export interface UsedVersions {
  readonly byName: ReadonlyMap<string, readonly UsageSite[]>;
  readonly byTag: ReadonlyMap<string, readonly UsageSite[]>;
}

/**
 * The references to `ref` in `files`: image references whose `OWNER/NAME` is the package's, or
 * lockfile entries that resolve `@OWNER/NAME`, all compared without regard to case.
 */
export function usedVersions(ref: PackageRef, files: readonly FileUsage[]): UsedVersions {
  const byName = new Map<string, UsageSite[]>();
  const byTag = new Map<string, UsageSite[]>();
  const add = (map: Map<string, UsageSite[]>, key: string, site: UsageSite) =>
    map.set(key, [...(map.get(key) ?? []), { file: site.file, line: site.line }]);
  const kind = usageKind(ref.type);
  const repository = `${ref.owner}/${ref.name}`.toLowerCase();
  const scoped = `@${repository}`;
  for (const file of files) {
    if (kind === "image")
      for (const r of file.images) {
        if (r.repository !== repository) continue;
        if (r.digest !== undefined) add(byName, r.digest, r);
        else if (r.tag !== undefined) add(byTag, r.tag, r);
      }
    if (kind === "npm") for (const r of file.npm) if (r.name === scoped) add(byName, r.version, r);
  }
  return { byName, byTag };
}

/** Is the version referred to: by its name (digest, npm version) or by one of its tags? */
export function isUsed(used: UsedVersions, version: PackageVersion): boolean {
  return used.byName.has(version.name) || version.tags.some((tag) => used.byTag.has(tag));
}

/** Every place that refers to the version, in reading order (by file, then line), each once. */
export function usesOf(used: UsedVersions, version: PackageVersion): UsageSite[] {
  const sites = [
    ...(used.byName.get(version.name) ?? []),
    ...version.tags.flatMap((tag) => used.byTag.get(tag) ?? []),
  ].sort(bySite);
  return sites.filter((s, i) => i === 0 || bySite(s, sites[i - 1]!) !== 0);
}
