import type { LivePackage } from "../model/live.js";
import { packageLabel } from "../model/package.js";
import type { PackageSpec } from "../spec/types.js";
import { planChanges } from "./plan.js";

/** Only a keep that names a version exactly can restore one, so only then are deleted versions worth a request. */
export function canRestore(spec: PackageSpec): boolean {
  return spec.keep.some((selector) => selector.namesExactly);
}

/**
 * The container packages whose image graph the plan needs. Children follow their parents, but every
 * manifest read counts as a download at GitHub: a package whose plan without the graph deletes
 * nothing needs none (without a delete, the children rule adds none). Pure: the first of the
 * planner's two passes.
 */
export function packagesNeedingGraphs(
  specs: readonly PackageSpec[],
  live: readonly LivePackage[],
  nowMs: number,
): Set<string> {
  const containers = specs.filter((p) => p.type === "container");
  if (containers.length === 0) return new Set();
  const first = planChanges(containers, live, nowMs);
  return new Set(
    [...first.operations, ...first.blocked]
      .filter((op) => op.action === "delete")
      .map((op) => packageLabel(op.ref)),
  );
}
