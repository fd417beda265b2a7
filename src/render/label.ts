import { hasTags } from "../packages.js";
import type { Operation } from "../plan/types.js";

/** `sha256:0123456789ab…` keeps enough of a digest to find it, without a 71-character column. */
export function shortName(name: string): string {
  const digest = /^(sha256:)([0-9a-f]{64})$/.exec(name);
  return digest ? `${digest[1]}${digest[2]?.slice(0, 12)}…` : name;
}

export function age(iso: string, nowMs: number): string {
  const ms = nowMs - Date.parse(iso);
  const days = Math.floor(ms / 86_400_000);
  if (days >= 1) return `${days}d`;
  const hours = Math.floor(ms / 3_600_000);
  return hours >= 1 ? `${hours}h` : `${Math.max(0, Math.floor(ms / 60_000))}m`;
}

export function tagList(tags: readonly string[]): string {
  return tags.length === 0 ? "untagged" : tags.join(", ");
}

/** One version as a reviewer reads it: name, tags (where versions have them), age. */
export function versionLabel(op: Operation, nowMs: number): string {
  const tags = hasTags(op.package_type) ? ` [${tagList(op.tags)}]` : "";
  return `${shortName(op.version_name)}${tags} ${age(op.version_created_at, nowMs)} old`;
}
