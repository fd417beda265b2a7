import type { LivePackage } from "../model/live.js";
import { packageKey } from "../model/package.js";
import type { PackageSpec } from "../spec/types.js";
import { planChanges } from "./plan.js";

import { repairs } from "./can-restore.js";

export { canRestore } from "./can-restore.js";

/**
 * The container packages whose image graph the plan needs, each with the deleted images it restores.
 * Children follow their parents, but every manifest read counts as a download at GitHub: a package
 * whose plan without the graph deletes nothing needs none (without a delete, the children rule adds
 * none). An image the plan restores lists children too, so its manifest is read with the active
 * versions'. Pure: the first of the planner's two passes.
 */
export function packagesNeedingGraphs(
  specs: readonly PackageSpec[],
  live: readonly LivePackage[],
  nowMs: number,
): Map<string, readonly string[]> {
  return graphNeeds(specs, live, nowMs).needs;
}

export interface GraphNeeds {
  /** Packages whose plan deletes something: the images each restores (maybe none). */
  readonly needs: Map<string, readonly string[]>;
  /**
   * Every container package's restored images, those of packages without a delete too: a package
   * whose graph is read anyway (to finish an earlier run's children) must know what its restored
   * images list, or it would delete them.
   */
  readonly restoring: Map<string, readonly string[]>;
}

export function graphNeeds(
  specs: readonly PackageSpec[],
  live: readonly LivePackage[],
  nowMs: number,
): GraphNeeds {
  const containers = specs.filter((p) => p.type === "container");
  const needs = new Map<string, string[]>();
  const restoring = new Map<string, string[]>();
  if (containers.length === 0) return { needs, restoring };
  const first = planChanges(containers, live, nowMs);
  // A repair needs the graph whatever the rules delete: it is what shows what is broken.
  for (const spec of containers) if (repairs(spec)) needs.set(packageKey(spec), []);
  for (const op of [...first.operations, ...first.blocked])
    if (op.action === "delete" && !needs.has(packageKey(op.ref))) needs.set(packageKey(op.ref), []);
  // A blocked restore (deleted over 30 days ago) leaves its image deleted: what it lists does not matter.
  for (const op of first.operations)
    if (op.action === "restore") {
      const label = packageKey(op.ref);
      needs.get(label)?.push(op.version.name);
      const images = restoring.get(label);
      if (images) images.push(op.version.name);
      else restoring.set(label, [op.version.name]);
    }
  return { needs, restoring };
}
