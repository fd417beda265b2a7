import semver, { type SemVer } from "semver";
import type { PackageVersion } from "../model/version.js";
import { compilePattern, type Pattern } from "./pattern.js";
import { parseDuration } from "./duration.js";

/** A selector as written in the spec (already schema-valid). */
export interface SelectorSpec {
  readonly id?: number | readonly number[];
  readonly name?: string;
  readonly tag?: string;
  readonly untagged?: boolean;
  readonly semver?: string;
  readonly prerelease?: boolean;
  readonly olderThan?: string;
  readonly newerThan?: string;
  readonly newest?: number;
}

/** A selector compiled once, so that matching a version does no parsing. */
export interface Selector {
  /** The rule's place in the spec, as plan reasons name it: `keep[2]`, `defaults.delete[0]`. */
  readonly origin: string;
  readonly spec: SelectorSpec;
  readonly ids: ReadonlySet<number> | undefined;
  readonly name: Pattern | undefined;
  readonly tag: Pattern | undefined;
  readonly range: semver.Range | undefined;
  readonly olderThanMs: number | undefined;
  readonly newerThanMs: number | undefined;
  /** Names one version exactly (`id`, or a plain `name` or `tag`, and nothing else): only such a keep restores. */
  readonly namesExactly: boolean;
}

/** What matching needs of a version, computed once per version rather than once per selector. */
export interface VersionFacts {
  readonly version: PackageVersion;
  readonly id: number;
  readonly createdMs: number;
  readonly semver: SemVer | null;
}

// A semantic version starts with a digit (after an optional v or =): other names skip the parser.
const MAYBE_SEMVER = /^[v=]?\d/;

/** What matching needs of a version; the name is read as a semantic version only if a selector asks. */
export function versionFacts(version: PackageVersion, readSemver = true): VersionFacts {
  return {
    version,
    id: version.id,
    createdMs: Date.parse(version.createdAt),
    semver: readSemver && MAYBE_SEMVER.test(version.name) ? semver.parse(version.name) : null,
  };
}

export function needsSemver(selectors: readonly Selector[]): boolean {
  return selectors.some((s) => s.range !== undefined || s.spec.prerelease !== undefined);
}

/** Compiles a schema-valid selector; throws on a bad pattern, range or duration (the spec checks catch those first). */
export function compileSelector(spec: SelectorSpec, origin: string): Selector {
  const keys = Object.keys(spec);
  const name = spec.name === undefined ? undefined : compilePattern(spec.name);
  const tag = spec.tag === undefined ? undefined : compilePattern(spec.tag);
  const only = keys.length === 1;
  return {
    origin,
    spec,
    ids: spec.id === undefined ? undefined : new Set(typeof spec.id === "number" ? [spec.id] : spec.id),
    name,
    tag,
    range: spec.semver === undefined ? undefined : new semver.Range(spec.semver),
    olderThanMs: spec.olderThan === undefined ? undefined : parseDuration(spec.olderThan),
    newerThanMs: spec.newerThan === undefined ? undefined : parseDuration(spec.newerThan),
    namesExactly: only && (spec.id !== undefined || name?.kind === "exact" || tag?.kind === "exact"),
  };
}

/** Every field but `newest` (which ranks among versions, so the planner decides it). */
export function matchesFields(selector: Selector, facts: VersionFacts, nowMs: number): boolean {
  const { version } = facts;
  const { spec } = selector;
  if (selector.ids && !selector.ids.has(version.id)) return false;
  if (selector.name && !selector.name.test(version.name)) return false;
  if (selector.tag && !version.tags.some((tag) => selector.tag?.test(tag))) return false;
  if (spec.untagged !== undefined && (version.tags.length === 0) !== spec.untagged) return false;
  if (selector.range && (facts.semver === null || !selector.range.test(facts.semver))) return false;
  if (
    spec.prerelease !== undefined &&
    (facts.semver === null || facts.semver.prerelease.length > 0 !== spec.prerelease)
  )
    return false;
  if (selector.olderThanMs !== undefined && !(facts.createdMs < nowMs - selector.olderThanMs)) return false;
  if (selector.newerThanMs !== undefined && !(facts.createdMs > nowMs - selector.newerThanMs)) return false;
  return true;
}

const PHRASES: { [K in keyof SelectorSpec]-?: (value: NonNullable<SelectorSpec[K]>) => string } = {
  id: (id) => `id ${typeof id === "number" ? id : id.join(", ")}`,
  name: (name) => `name ${name}`,
  tag: (tag) => `tag ${tag}`,
  untagged: (untagged) => (untagged ? "untagged" : "tagged"),
  semver: (range) => `semver ${range}`,
  prerelease: (pre) => (pre ? "pre-release" : "not a pre-release"),
  olderThan: (d) => `older than ${d}`,
  newerThan: (d) => `newer than ${d}`,
  newest: (n) => `newest ${n}`,
};

/** A short human phrase for a plan reason: `untagged, older than 14d`. */
export function describeSelector(spec: SelectorSpec): string {
  return (Object.keys(spec) as (keyof SelectorSpec)[])
    .map((key) => (PHRASES[key] as (value: unknown) => string)(spec[key]))
    .join(", ");
}
