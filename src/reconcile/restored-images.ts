import pLimit from "p-limit";
import type { DeletedParent, ImageGraph, LivePackage } from "../model/live.js";
import type { PackageVersion } from "../model/version.js";
import type { ManifestReader } from "../registry/client.js";
import { childDigests, subjectOfTag } from "../registry/manifest.js";

/**
 * Adds to a package's graph what the deleted images a plan restores list, and what the deleted
 * versions under them list (nested indexes), so that children follow their parents back. A deleted
 * image's children are known from its manifest (the verified cache; a registry may still serve it by
 * digest), from cosign's `sha256-<digest>.sig` tags, and from the journal, which names each version
 * deleted with it. One whose manifest cannot be read and that the journal does not know is recorded
 * in `unknownChildren`: the planner restores it with a note, and fails the package's deletes closed.
 * Only deleted versions are followed: an active child is already there.
 */
export async function withRestoredImages(
  reader: ManifestReader,
  pkg: LivePackage,
  graph: ImageGraph,
  restoring: readonly string[],
  journaled: readonly DeletedParent[],
  concurrency: number,
): Promise<ImageGraph> {
  const children = new Map(graph.children);
  const unknown = new Map(graph.unknownChildren ?? []);
  const active = new Set(pkg.versions.filter((v) => v.state === "active").map((v) => v.name));
  const deleted = new Map<string, PackageVersion>();
  for (const v of pkg.versions) if (v.state === "deleted" && !deleted.has(v.name)) deleted.set(v.name, v);
  const fromJournal = journalChildren(pkg, journaled);
  const signatures = new Map<string, string[]>();
  for (const v of deleted.values())
    for (const tag of v.tags) {
      const subject = subjectOfTag(tag);
      if (subject) signatures.set(subject, [...(signatures.get(subject) ?? []), v.name]);
    }

  const limit = pLimit(concurrency);
  const seen = new Set<string>();
  for (let level = restoring.filter((name) => deleted.has(name)); level.length > 0;) {
    for (const name of level) seen.add(name);
    const found = await Promise.all(
      level.map((name) =>
        limit(async () => {
          const journal = fromJournal.get(name);
          let listed: string[] = [];
          try {
            listed = childDigests(await reader.read(pkg.ref.owner, pkg.ref.name, name));
          } catch (error) {
            if (journal === undefined)
              unknown.set(
                name,
                `its manifest could not be read (${(error as Error).message}) and the journal does not say what it lists`,
              );
          }
          if (journal && journal.unknownIds.length > 0)
            unknown.set(
              name,
              `the journal names version ${journal.unknownIds.join(", ")} among what it lists, and ghpkg does not know it now`,
            );
          const all = [
            ...new Set([...listed, ...(journal?.names ?? []), ...(signatures.get(name) ?? [])]),
          ].filter((child) => child !== name);
          if (all.length > 0)
            children.set(name, [...new Set([...(children.get(name) ?? []), ...all])].sort());
          return all;
        }),
      ),
    );
    level = [...new Set(found.flat())].filter((c) => deleted.has(c) && !active.has(c) && !seen.has(c));
  }
  return { ...graph, children, unknownChildren: unknown };
}

interface Journaled {
  /** The digests of the versions journaled as deleted with it. */
  readonly names: readonly string[];
  /** Those the journal names that ghpkg knows no version of now (neither active nor known deleted). */
  readonly unknownIds: readonly number[];
}

/** What the journal says each version ghpkg deleted took with it (its deletes' `parent_version_id`), by digest. */
function journalChildren(pkg: LivePackage, journaled: readonly DeletedParent[]): Map<string, Journaled> {
  const byId = new Map(pkg.versions.map((v) => [v.id, v.name]));
  const out = new Map<string, Journaled>();
  for (const { version, childIds } of journaled)
    out.set(version.name, {
      names: childIds.flatMap((id) => byId.get(id) ?? []),
      unknownIds: childIds.filter((id) => !byId.has(id)),
    });
  return out;
}
