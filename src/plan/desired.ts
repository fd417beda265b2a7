import { newestFirst, type PackageVersion } from "../model/version.js";
import {
  describeSelector,
  matchesFields,
  needsSemver,
  versionFacts,
  type Selector,
  type VersionFacts,
} from "../select/selector.js";
import { usesOf } from "../select/used-in.js";
import type { PackageSpec } from "../spec/types.js";

/** What a version should be, and the rule that says so. */
export interface Decision {
  readonly version: PackageVersion;
  readonly want: "present" | "absent" | "as-is";
  /** `keep[2]: tag latest`, `unmatched: delete`; undefined when nothing matched and unmatched is ignore. */
  readonly reason: string | undefined;
  /** Set when the children rule decided: the image this version belongs to. */
  readonly parent?: PackageVersion;
  /** Set on a deleted child that several deleted images list: all of them, `parent` first. */
  readonly parents?: readonly PackageVersion[];
}

/**
 * The contract's rules, in order: a matching keep makes a version present, else a matching delete
 * makes it absent, else `unmatched` decides. Deleted versions are seen only by keeps that name them
 * exactly, so nothing is restored by accident. Linear in versions × selectors, plus one sort per `newest`.
 */
export function desiredState(
  spec: PackageSpec,
  versions: readonly PackageVersion[],
  nowMs: number,
): Decision[] {
  const readSemver = needsSemver([...spec.keep, ...spec.delete]);
  const facts = versions.map((v) => versionFacts(v, readSemver));
  const active = facts.filter((f) => f.version.state === "active");
  const ranked = [...spec.keep, ...spec.delete].filter((s) => s.spec.newest !== undefined);
  // One sort by recency for all `newest` selectors; each then stops at its Nth match.
  const byRecency = ranked.length > 0 ? [...active].sort((a, b) => newestFirst(a, b)) : [];
  const newest = new Map(ranked.map((s) => [s, newestMatching(s, byRecency, nowMs)]));
  const matches = (selector: Selector, f: VersionFacts) =>
    matchesFields(selector, f, nowMs) && (newest.get(selector)?.has(f.version.id) ?? true);
  // One reason string per rule, shared by every version it decides.
  const reasons = new Map(
    [...spec.keep, ...spec.delete].map((s) => [s, `${s.origin}: ${describeSelector(s.spec)}`]),
  );
  // A `usedIn` rule names where this version is used: `keep[0]: used in deploy/web.yaml:14`.
  const because = (selector: Selector, version: PackageVersion) =>
    selector.used
      ? `${selector.origin}: ${describeSelector(selector.spec, usesOf(selector.used, version)[0])}`
      : reasons.get(selector);

  return facts.map((f): Decision => {
    const { version } = f;
    if (version.state === "deleted") {
      const keep = spec.keep.find((s) => s.namesExactly && matchesFields(s, f, nowMs));
      return keep
        ? { version, want: "present", reason: because(keep, version) }
        : { version, want: "as-is", reason: undefined };
    }
    const keep = spec.keep.find((s) => matches(s, f));
    if (keep) return { version, want: "present", reason: because(keep, version) };
    const del = spec.delete.find((s) => matches(s, f));
    if (del) return { version, want: "absent", reason: because(del, version) };
    if (spec.unmatched === "delete") return { version, want: "absent", reason: "unmatched: delete" };
    return { version, want: "as-is", reason: undefined };
  });
}

/** The N most recently created active versions that the selector's other fields match (ties: higher id). */
function newestMatching(
  selector: Selector,
  byRecency: readonly VersionFacts[],
  nowMs: number,
): ReadonlySet<number> {
  const ids = new Set<number>();
  const limit = selector.spec.newest ?? 0;
  for (const f of byRecency) {
    if (ids.size >= limit) break;
    if (matchesFields(selector, f, nowMs)) ids.add(f.version.id);
  }
  return ids;
}
