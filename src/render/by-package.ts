import type { BlockedOperation, Operation, PackageSummary, Plan } from "../plan/types.js";
import { packageTitle } from "./label.js";

export interface PackageChanges {
  readonly summary: PackageSummary;
  readonly operations: readonly Operation[];
  readonly blocked: readonly BlockedOperation[];
}

/** The plan's changes grouped by package, in plan order; packages with nothing to show are left out. */
export function changesByPackage(plan: Plan): PackageChanges[] {
  const group = <T extends Operation>(list: readonly T[]) => {
    const map = new Map<string, T[]>();
    for (const op of list) map.set(packageTitle(op), [...(map.get(packageTitle(op)) ?? []), op]);
    return map;
  };
  const operations = group(plan.operations);
  const blocked = group(plan.blocked);
  return plan.packages.flatMap((summary) => {
    const title = packageTitle(summary);
    const ops = operations.get(title) ?? [];
    const stopped = blocked.get(title) ?? [];
    return ops.length + stopped.length > 0 ? [{ summary, operations: ops, blocked: stopped }] : [];
  });
}
