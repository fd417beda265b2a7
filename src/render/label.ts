import { hasTags } from "../model/package.js";
import { shortName } from "../model/version.js";
import type { Operation } from "../plan/types.js";
import { escapeText } from "./escape.js";

export function age(iso: string, nowMs: number): string {
  const ms = nowMs - Date.parse(iso);
  const days = Math.floor(ms / 86_400_000);
  if (days >= 1) return `${days}d`;
  const hours = Math.floor(ms / 3_600_000);
  return hours >= 1 ? `${hours}h` : `${Math.max(0, Math.floor(ms / 60_000))}m`;
}

/** A version's tags for a person: each escaped (render/escape.ts), or `untagged`. */
export function tagList(tags: readonly string[]): string {
  return tags.length === 0 ? "untagged" : tags.map(escapeText).join(", ");
}

/** A version's name for a person: a digest shortened, anything else escaped. */
export function shownName(name: string): string {
  return escapeText(shortName(name));
}

/** One version as a reviewer reads it: name, tags (where versions have them), age. */
export function versionLabel(op: Operation, nowMs: number): string {
  const tags = hasTags(op.ref.type) ? ` [${tagList(op.version.tags)}]` : "";
  return `${shownName(op.version.name)}${tags} ${age(op.version.createdAt, nowMs)} old`;
}
