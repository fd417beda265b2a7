import type { PackageRef } from "../model/package.js";
import { usageKind, type FileUsage, type UsageKind } from "../model/usage.js";
import type { Selector } from "../select/selector.js";
import { usedVersions } from "../select/used-in.js";
import type { PackageSpec } from "../spec/types.js";
import type { UsageByGlob, UsageReader, UsageRequest } from "../usage/read-usage.js";

/** A package and the selectors that apply to it. */
interface Governed {
  readonly ref: PackageRef;
  readonly selectors: readonly Selector[];
}

/**
 * The files `usedIn` selectors name, read once for all of them, and each such selector bound to
 * what they say about its package: the planner then matches plain data. Without `usedIn` anywhere,
 * nothing is read.
 */
export async function bindUsage(
  reader: UsageReader | undefined,
  packages: readonly PackageSpec[],
): Promise<readonly PackageSpec[]> {
  const bound = await bindSelectors(
    reader,
    packages.map((p) => ({ ref: p, selectors: [...p.keep, ...p.delete] })),
  );
  return packages.map((p, i) => {
    const selectors = bound[i]!;
    return { ...p, keep: selectors.slice(0, p.keep.length), delete: selectors.slice(p.keep.length) };
  });
}

/** The same for any list of packages and selectors (`list --match`): each selector bound per package. */
export async function bindSelectors(
  reader: UsageReader | undefined,
  governed: readonly Governed[],
): Promise<Selector[][]> {
  const requests: UsageRequest[] = [];
  const images = new Set<string>();
  const npm = new Set<string>();
  for (const { ref, selectors } of governed) {
    const kind = usageKind(ref.type);
    for (const s of selectors) {
      if (s.usedIn === undefined || kind === undefined) continue;
      const kinds = new Set<UsageKind>([kind]);
      for (const glob of s.usedIn) requests.push({ glob, kinds });
      const repository = `${ref.owner}/${ref.name}`.toLowerCase();
      if (kind === "image") images.add(repository);
      else npm.add(`@${repository}`);
    }
  }
  const anyUsage = governed.some((g) => g.selectors.some((s) => s.usedIn !== undefined));
  if (!anyUsage) return governed.map((g) => [...g.selectors]);
  if (reader === undefined) throw new Error("a spec with usedIn needs a usage reader among the ports");
  const usage: UsageByGlob = requests.length > 0 ? await reader.read(requests, { images, npm }) : new Map();
  return governed.map(({ ref, selectors }) =>
    selectors.map((s) => {
      if (s.usedIn === undefined) return s;
      const files = new Map<string, FileUsage>();
      for (const glob of s.usedIn)
        for (const file of usage.get(glob.fromCwd) ?? []) files.set(file.file, file);
      return { ...s, used: usedVersions(ref, [...files.values()]) };
    }),
  );
}
