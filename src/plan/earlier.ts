import type { ImageGraph } from "../model/live.js";
import { versionTitle, type PackageVersion } from "../model/version.js";
import type { Decision } from "./desired.js";

/**
 * Finishes what an earlier run started: an active version that an image ghpkg deleted earlier
 * referred to (by its manifest, a subject, or the journal's `parent_version_id`), that no active
 * version refers to, and that no rule decided about, goes: `child of <parent> (deleted earlier)`.
 * A keep always wins (it made the version present), and a version a rule deletes keeps that rule's reason.
 */
export function finishEarlierDeletes(decisions: readonly Decision[], graph: ImageGraph): Decision[] {
  const parents = graph.deletedParents ?? [];
  if (parents.length === 0) return [...decisions];
  const active = decisions.filter((d) => d.version.state === "active");
  // An image restored since, or by this plan, is not a parent whose delete is to be finished.
  const activeIds = new Set(
    decisions.filter((d) => d.version.state === "active" || d.want === "present").map((d) => d.version.id),
  );
  const referred = new Set<string>();
  for (const d of active)
    for (const child of graph.children.get(d.version.name) ?? [])
      if (child !== d.version.name) referred.add(child);

  // The first image deleted earlier that names a version is the parent shown for it.
  const byName = new Map<string, PackageVersion>();
  const byId = new Map<number, PackageVersion>();
  for (const { version: parent, childIds } of parents) {
    if (activeIds.has(parent.id)) continue;
    for (const name of graph.children.get(parent.name) ?? []) if (!byName.has(name)) byName.set(name, parent);
    for (const id of childIds) if (!byId.has(id)) byId.set(id, parent);
  }
  return decisions.map((d) => {
    if (d.version.state !== "active" || d.want !== "as-is" || referred.has(d.version.name)) return d;
    const parent = byName.get(d.version.name) ?? byId.get(d.version.id);
    return parent
      ? { ...d, want: "absent", reason: `child of ${versionTitle(parent)} (deleted earlier)`, parent }
      : d;
  });
}
