import type { DeletedParent } from "../model/live.js";
import { packageKey, type PackageRef } from "../model/package.js";
import type { PackageVersion } from "../model/version.js";
import type { JournalEntry } from "./journal.js";

/**
 * The versions that ghpkg itself deleted and has not restored since, per package, as the journal
 * tells: how deleted versions are known when GitHub will not list them (the token's user is not the
 * owner). Indexed once, so asking for each package costs nothing more.
 */
export function deletedByJournal(entries: readonly JournalEntry[]): (ref: PackageRef) => PackageVersion[] {
  const last = new Map<string, Map<number, JournalEntry>>();
  for (const entry of entries) {
    if (entry.event !== "done") continue;
    const key = packageKey({ owner: entry.owner, type: entry.package_type, name: entry.package_name });
    const versions = last.get(key) ?? new Map<number, JournalEntry>();
    versions.set(entry.version_id, entry);
    last.set(key, versions);
  }
  return (ref) =>
    [...(last.get(packageKey(ref))?.values() ?? [])]
      .filter((entry) => entry.action === "delete")
      .map((entry) => ({
        id: entry.version_id,
        name: entry.version_name,
        tags: entry.tags,
        createdAt: entry.version_created_at,
        deletedAt: entry.time,
        state: "deleted" as const,
      }));
}

/**
 * The container versions ghpkg deleted and has not restored since, per package, with the children
 * the journal names for each (`parent_version_id`): what the next plan needs to finish a run that
 * stopped between a parent's delete and its children's. Indexed once; asking per package costs nothing more.
 */
export function deletedParentsByJournal(
  entries: readonly JournalEntry[],
): (ref: PackageRef) => readonly DeletedParent[] {
  const deleted = deletedByJournal(entries.filter((entry) => entry.package_type === "container"));
  const childIds = new Map<string, Map<number, Set<number>>>();
  for (const entry of entries) {
    if (entry.package_type !== "container" || entry.parent_version_id === undefined) continue;
    const key = packageKey({ owner: entry.owner, type: entry.package_type, name: entry.package_name });
    const byParent = childIds.get(key) ?? new Map<number, Set<number>>();
    byParent.set(
      entry.parent_version_id,
      (byParent.get(entry.parent_version_id) ?? new Set()).add(entry.version_id),
    );
    childIds.set(key, byParent);
  }
  return (ref) => {
    const children = childIds.get(packageKey(ref));
    return deleted(ref).map((version) => ({ version, childIds: [...(children?.get(version.id) ?? [])] }));
  };
}
