// The reference's selectors, written from CONTRACT.md section 1 ("Selectors") alone: plain and slow
// on purpose, sharing no code with src/select, so that a differential test can catch either one.
import semver from "semver";
import type { PackageVersion } from "../../src/model/version.js";

/** A selector exactly as the YAML spec writes it. */
export interface RawSelector {
  readonly id?: number | readonly number[];
  readonly name?: string;
  readonly tag?: string;
  readonly untagged?: boolean;
  readonly semver?: string;
  readonly prerelease?: boolean;
  readonly olderThan?: string;
  readonly newerThan?: string;
  readonly newest?: number;
  readonly usedIn?: string | readonly string[];
}

/** Where the files a `usedIn` selector names refer to a version (see usage.ts); the planner knows the package. */
export type UsesOf = (globs: readonly string[], v: PackageVersion) => readonly string[];

const MINUTE = 60_000;
const UNITS: Readonly<Record<string, number>> = {
  m: MINUTE,
  h: 60 * MINUTE,
  d: 1440 * MINUTE,
  w: 10080 * MINUTE,
};

/** `90d`, `12h`, `2w`, `30m`, or ISO 8601 `P2W`, `P90D`, `PT12H`, `P1DT12H` (the forms the scenarios write). */
export function durationMs(text: string): number {
  const short = /^(\d+)([mhdw])$/.exec(text);
  if (short) return Number(short[1]) * UNITS[short[2]!]!;
  const iso = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?)?$/.exec(text);
  if (!iso) throw new Error(`the reference cannot read the duration ${text}`);
  const [w, d, h, m] = iso.slice(1).map((n) => Number(n ?? 0)) as [number, number, number, number];
  return w * UNITS.w! + d * UNITS.d! + h * UNITS.h! + m * MINUTE;
}

const isRegex = (pattern: string) => /^\/.*\/i?$/s.test(pattern);
const isGlob = (pattern: string) => !isRegex(pattern) && /[*?]/.test(pattern);

/** A pattern with no wildcard and no regex: the only kind that can name a deleted version. */
export const isExact = (pattern: string) => !isRegex(pattern) && !isGlob(pattern);

/** Whole-string match: exact, glob (`*`, `?` match any character, `/` too) or `/regex/` with flag i. */
export function patternMatches(pattern: string, text: string): boolean {
  if (isRegex(pattern)) {
    const end = pattern.lastIndexOf("/");
    // The scenarios write only regular expressions that mean the same in RE2 and in JavaScript.
    return new RegExp(`^(?:${pattern.slice(1, end)})$`, pattern.slice(end + 1) === "i" ? "i" : "").test(text);
  }
  if (!isGlob(pattern)) return pattern === text;
  let source = "";
  for (const ch of pattern)
    source += ch === "*" ? "[\\s\\S]*" : ch === "?" ? "[\\s\\S]" : ch.replace(/[\\^$.|+()[\]{}]/g, "\\$&");
  return new RegExp(`^${source}$`).test(text);
}

/** The name read as a semantic version (a leading `v` allowed), else null. */
const asSemver = (name: string) => semver.valid(name);

/** Every field but `newest`, on one version. */
function fieldsMatch(sel: RawSelector, v: PackageVersion, nowMs: number, uses?: UsesOf): boolean {
  const created = Date.parse(v.createdAt);
  if (sel.id !== undefined && !(typeof sel.id === "number" ? [sel.id] : sel.id).includes(v.id)) return false;
  if (sel.name !== undefined && !patternMatches(sel.name, v.name)) return false;
  if (sel.tag !== undefined && !v.tags.some((t) => patternMatches(sel.tag!, t))) return false;
  if (sel.untagged !== undefined && sel.untagged !== (v.tags.length === 0)) return false;
  if (sel.semver !== undefined) {
    const version = asSemver(v.name);
    if (version === null || !semver.satisfies(version, sel.semver)) return false;
  }
  if (sel.prerelease !== undefined) {
    const version = asSemver(v.name);
    if (version === null || (semver.prerelease(version) !== null) !== sel.prerelease) return false;
  }
  if (sel.olderThan !== undefined && !(created < nowMs - durationMs(sel.olderThan))) return false;
  if (sel.newerThan !== undefined && !(created > nowMs - durationMs(sel.newerThan))) return false;
  if (sel.usedIn !== undefined && (uses?.([sel.usedIn].flat(), v) ?? []).length === 0) return false;
  return true;
}

/** Most recently created first, ties by the higher id. */
export function byNewest(a: PackageVersion, b: PackageVersion): number {
  return Date.parse(b.createdAt) - Date.parse(a.createdAt) || b.id - a.id;
}

/**
 * Does `sel` name a deleted version exactly: `id` alone, or `name` or `tag` alone with no wildcard
 * and no regex? Only such a keep selector restores.
 */
export function namesExactly(sel: RawSelector): boolean {
  const keys = Object.keys(sel);
  if (keys.length !== 1) return false;
  if (sel.id !== undefined) return true;
  if (sel.name !== undefined) return isExact(sel.name);
  if (sel.tag !== undefined) return isExact(sel.tag);
  return false;
}

/**
 * Does `sel` match `v`, given every version of its package? A deleted version is matched only
 * by a selector that names it exactly; everything else, `newest`'s ranking included, sees the
 * active versions only.
 */
export function selectorMatches(
  sel: RawSelector,
  v: PackageVersion,
  all: readonly PackageVersion[],
  nowMs: number,
  uses?: UsesOf,
): boolean {
  if (v.state === "deleted") return namesExactly(sel) && fieldsMatch(sel, v, nowMs, uses);
  if (!fieldsMatch(sel, v, nowMs, uses)) return false;
  if (sel.newest === undefined) return true;
  const ranked = all
    .filter((o) => o.state === "active" && fieldsMatch(sel, o, nowMs, uses))
    .sort(byNewest)
    .slice(0, sel.newest);
  return ranked.some((o) => o.id === v.id);
}
