import { hasTags } from "../model/package.js";
import { shortName } from "../model/version.js";
import { UNIT_MS } from "../select/duration.js";
import type { Operation } from "../plan/types.js";
import { escapeText } from "./escape.js";

/** How old, in the units a spec writes durations in: `40d`, `3h`, `12m`. */
export function age(iso: string, nowMs: number): string {
  const ms = nowMs - Date.parse(iso);
  const days = Math.floor(ms / UNIT_MS.d);
  if (days >= 1) return `${days}d`;
  const hours = Math.floor(ms / UNIT_MS.h);
  return hours >= 1 ? `${hours}h` : `${Math.max(0, Math.floor(ms / UNIT_MS.m))}m`;
}

/** cosign's `sha256-<64 hex>.sig` tags, shortened as digests are (`sha256-0123456789ab….sig`), and escaped. */
export const shortTag = (tag: string): string =>
  escapeText(tag.replace(/^(sha256-[0-9a-f]{12})[0-9a-f]{52}(\.\w+)$/, "$1…$2"));

/** A version's tags for a person: each shortened and escaped (render/escape.ts), or `untagged`. */
export function tagList(tags: readonly string[]): string {
  return tags.length === 0 ? "untagged" : tags.map(shortTag).join(", ");
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
