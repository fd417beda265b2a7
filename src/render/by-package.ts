import { groupBy } from "./group-by.js";
import { packageLabel } from "../model/package.js";
import type { BlockedOperation, Operation, PackageSummary, Plan } from "../plan/types.js";

export interface PackageChanges {
  readonly summary: PackageSummary;
  readonly operations: readonly Operation[];
  readonly blocked: readonly BlockedOperation[];
}

/** The plan's changes grouped by package, in plan order; packages with nothing to show are left out. */
export function changesByPackage(plan: Plan): PackageChanges[] {
  const operations = groupBy(plan.operations, (op) => packageLabel(op.ref));
  const blocked = groupBy(plan.blocked, (op) => packageLabel(op.ref));
  return plan.packages.flatMap((summary) => {
    const title = packageLabel(summary.ref);
    const ops = operations.get(title) ?? [];
    const stopped = blocked.get(title) ?? [];
    return ops.length + stopped.length > 0 ? [{ summary, operations: ops, blocked: stopped }] : [];
  });
}

export interface Row<T extends Operation> {
  readonly op: T;
  /** 0 for an operation on its own; 1 for a child of the operation above it, 2 for a grandchild… */
  readonly depth: number;
}

/** Operations with each image's children right under it, so an image and its platforms read as one decision. */
export function asTree<T extends Operation>(operations: readonly T[]): Row<T>[] {
  const ids = new Set(operations.map((op) => op.version.id));
  const childrenOf = groupBy(operations, (op) => op.parentId);
  const rows: Row<T>[] = [];
  const seen = new Set<T>();
  const visit = (op: T, depth: number) => {
    if (seen.has(op)) return;
    seen.add(op);
    rows.push({ op, depth });
    for (const child of childrenOf.get(op.version.id) ?? []) visit(child, depth + 1);
  };
  for (const op of operations) if (op.parentId === undefined || !ids.has(op.parentId)) visit(op, 0);
  // A cycle (only a hand-edited plan has one) has no root: show it rather than lose it.
  for (const op of operations) visit(op, 0);
  return rows;
}
