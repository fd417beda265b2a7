import type { PackageVersion } from "../packages.js";
import {
  describeSelector,
  matchesFields,
  versionFacts,
  type Selector,
  type VersionFacts,
} from "../select/selector.js";
import type { PackageSpec } from "../spec/types.js";

/** What a version should be, and the rule that says so. */
export interface Decision {
  readonly version: PackageVersion;
  readonly want: "present" | "absent" | "as-is";
  /** `keep[2]: tag latest`, `unmatched: delete`; undefined when nothing matched and unmatched is ignore. */
  readonly reason: string | undefined;
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
  const facts = versions.map(versionFacts);
  const active = facts.filter((f) => f.version.state === "active");
  const newest = new Map<Selector, ReadonlySet<number>>();
  for (const selector of [...spec.keep, ...spec.delete])
    if (selector.spec.newest !== undefined) newest.set(selector, rankNewest(selector, active, nowMs));
  const matches = (selector: Selector, f: VersionFacts) =>
    matchesFields(selector, f, nowMs) && (newest.get(selector)?.has(f.version.id) ?? true);
  const because = (selector: Selector) => `${selector.origin}: ${describeSelector(selector.spec)}`;

  return facts.map((f): Decision => {
    const { version } = f;
    if (version.state === "deleted") {
      const keep = spec.keep.find((s) => s.namesExactly && matchesFields(s, f, nowMs));
      return keep
        ? { version, want: "present", reason: because(keep) }
        : { version, want: "as-is", reason: undefined };
    }
    const keep = spec.keep.find((s) => matches(s, f));
    if (keep) return { version, want: "present", reason: because(keep) };
    const del = spec.delete.find((s) => matches(s, f));
    if (del) return { version, want: "absent", reason: because(del) };
    if (spec.unmatched === "delete") return { version, want: "absent", reason: "unmatched: delete" };
    return { version, want: "as-is", reason: undefined };
  });
}

/** The N most recently created active versions that the selector's other fields match (ties: higher id). */
function rankNewest(selector: Selector, active: readonly VersionFacts[], nowMs: number): ReadonlySet<number> {
  const ranked = active
    .filter((f) => matchesFields(selector, f, nowMs))
    .sort((a, b) => b.createdMs - a.createdMs || b.version.id - a.version.id);
  return new Set(ranked.slice(0, selector.spec.newest).map((f) => f.version.id));
}
