import semver, { type SemVer } from "semver";
import type { PackageVersion } from "../model/version.js";
import { siteLabel, type UsageGlob, type UsageSite } from "../model/usage.js";
import { compilePattern, type Pattern } from "./pattern.js";
import { parseDuration } from "./duration.js";
import { isUsed, type UsedVersions } from "./used-in.js";

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
  readonly usedIn?: string | readonly string[];
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
  /** `usedIn`'s globs, resolved from the working directory. */
  readonly usedIn: readonly UsageGlob[] | undefined;
  /** `usedIn`, once its files are read for one package (reconcile/ binds it before planning). */
  readonly used?: UsedVersions;
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

/**
 * Compiles a schema-valid selector; throws on a bad pattern, range or duration (the spec checks
 * catch those first). A `usedIn` selector comes with its globs resolved (select/usage-glob.ts).
 */
export function compileSelector(spec: SelectorSpec, origin: string, usedIn?: readonly UsageGlob[]): Selector {
  if ((spec.usedIn === undefined) !== (usedIn === undefined))
    throw new Error(`${origin}: a usedIn selector is compiled with its globs, and only it`);
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
    usedIn,
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
  if (selector.usedIn !== undefined) {
    // Unbound, it would match nothing, and a keep would quietly protect nothing: a bug, not a plan.
    if (selector.used === undefined)
      throw new Error(`${selector.origin}: usedIn was not read before planning`);
    if (!isUsed(selector.used, version)) return false;
  }
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
  usedIn: (globs) => `used in ${typeof globs === "string" ? globs : globs.join(", ")}`,
};

/**
 * Every selector field, in the order reasons name them: the one list that the schema
 * (schemas/ghpkg.schema.json, checked by a test), the checks' messages and the docs follow.
 */
export const SELECTOR_FIELDS = Object.keys(PHRASES) as readonly (keyof SelectorSpec)[];

/**
 * A short human phrase for a plan reason: `untagged, older than 14d`. For `usedIn`, `usedAt` is
 * the version's first reference: `used in deploy/web.yaml:14`.
 */
export function describeSelector(spec: SelectorSpec, usedAt?: UsageSite): string {
  return (Object.keys(spec) as (keyof SelectorSpec)[])
    .map((key) =>
      key === "usedIn" && usedAt
        ? `used in ${siteLabel(usedAt)}`
        : (PHRASES[key] as (value: unknown) => string)(spec[key]),
    )
    .join(", ");
}
