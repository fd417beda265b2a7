import pLimit from "p-limit";
import type { DeletedParent, ImageGraph, LivePackage } from "../model/live.js";
import type { PackageRef } from "../model/package.js";
import type { ManifestReader } from "../registry/client.js";
import { childDigests } from "../registry/manifest.js";

/** The images of a container package that ghpkg deleted earlier and that are still deleted. */
export function parentsDeletedEarlier(
  pkg: LivePackage,
  deletedEarlier: ((ref: PackageRef) => readonly DeletedParent[]) | undefined,
): DeletedParent[] {
  if (pkg.ref.type !== "container" || !deletedEarlier) return [];
  const active = new Set(pkg.versions.filter((v) => v.state === "active").map((v) => v.id));
  // One restored since is an active image like any other.
  return deletedEarlier(pkg.ref).filter((parent) => !active.has(parent.version.id));
}

/**
 * Adds to a package's graph what its images deleted earlier referred to, from their manifests (the
 * cache keeps them; a registry may still serve them by digest). One that cannot be read leaves its
 * children unknown: the graph says so, and the planner fails closed as for any unreadable manifest.
 */
export async function withDeletedParents(
  reader: ManifestReader,
  pkg: LivePackage,
  graph: ImageGraph,
  parents: readonly DeletedParent[],
  concurrency: number,
): Promise<ImageGraph> {
  const children = new Map(graph.children);
  let unreadable = graph.unreadable;
  const limit = pLimit(concurrency);
  await Promise.all(
    parents.map((parent) =>
      limit(async () => {
        const { name } = parent.version;
        try {
          const listed = childDigests(await reader.read(pkg.ref.owner, pkg.ref.name, name)).filter(
            (child) => child !== name,
          );
          if (listed.length > 0) children.set(name, [...(children.get(name) ?? []), ...listed]);
        } catch (error) {
          unreadable ??= `the manifest of ${name}, deleted earlier by ghpkg, could not be read to finish its children: ${(error as Error).message}`;
        }
      }),
    ),
  );
  return { ...graph, children, unreadable, deletedParents: parents };
}
