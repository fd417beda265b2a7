import type { DeletedParent } from "../model/live.js";
import { packageLabel, type PackageRef } from "../model/package.js";
import type { JournalEntry } from "./journal.js";

/**
 * The container versions ghpkg deleted and has not restored since, per package, with the children
 * the journal names for each (`parent_version_id`): what the next plan needs to finish a run that
 * stopped between a parent's delete and its children's. Indexed once; asking per package costs nothing more.
 */
export function deletedParentsByJournal(
  entries: readonly JournalEntry[],
): (ref: PackageRef) => readonly DeletedParent[] {
  const lastDone = new Map<string, Map<number, JournalEntry>>();
  const childIds = new Map<string, Map<number, Set<number>>>();
  for (const entry of entries) {
    if (entry.package_type !== "container") continue;
    const key = packageLabel({ owner: entry.owner, type: entry.package_type, name: entry.package_name });
    if (entry.parent_version_id !== undefined) {
      const byParent = childIds.get(key) ?? new Map<number, Set<number>>();
      byParent.set(
        entry.parent_version_id,
        (byParent.get(entry.parent_version_id) ?? new Set()).add(entry.version_id),
      );
      childIds.set(key, byParent);
    }
    if (entry.event !== "done") continue;
    const versions = lastDone.get(key) ?? new Map<number, JournalEntry>();
    versions.set(entry.version_id, entry);
    lastDone.set(key, versions);
  }
  return (ref) => {
    const key = packageLabel(ref);
    return [...(lastDone.get(key)?.values() ?? [])]
      .filter((entry) => entry.action === "delete")
      .map((entry) => ({
        version: {
          id: entry.version_id,
          name: entry.version_name,
          tags: entry.tags,
          createdAt: entry.version_created_at,
          deletedAt: entry.time,
          state: "deleted" as const,
        },
        childIds: [...(childIds.get(key)?.get(entry.version_id) ?? [])],
      }));
  };
}
