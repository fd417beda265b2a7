import type { PackageVersion } from "../../src/model/version.js";

export const NOW = Date.parse("2026-11-24T10:00:00Z");
export const DAY = 86_400_000;

/** A version created `ageDays` before NOW; active unless `deletedDaysAgo` is given. */
export function version(
  id: number,
  name: string,
  ageDays: number,
  options: { tags?: string[]; deletedDaysAgo?: number } = {},
): PackageVersion {
  const deleted = options.deletedDaysAgo;
  return {
    id,
    name,
    tags: options.tags ?? [],
    createdAt: new Date(NOW - ageDays * DAY).toISOString(),
    deletedAt: deleted === undefined ? null : new Date(NOW - deleted * DAY).toISOString(),
    state: deleted === undefined ? "active" : "deleted",
  };
}
