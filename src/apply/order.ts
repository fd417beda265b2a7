import { packageKey } from "../model/package.js";
import type { Operation } from "../plan/types.js";

/** An operation that will never be sent because one it waited for did not succeed. */
export interface Skip {
  readonly operation: Operation;
  /** The planned delete that did not succeed and still lists it (directly or through others). */
  readonly because: Operation;
}

/**
 * The order a plan is carried out in. Every restore comes before any delete, across the whole plan,
 * so that no package is emptied on the way. A delete waits until every planned delete of a version
 * that lists it (its `parentIds`, at any depth through them) has succeeded: an image is never left
 * listing a child that is gone. When such a delete fails, the versions it lists stay listed by an
 * active version, so they, and everything below them, are skipped.
 */
export interface Schedule {
  /** Whether an operation's turn has come (so there is something to wait for the pause for). */
  hasReady(): boolean;
  /** The next operation whose turn has come, taken; undefined when none is ready now. */
  take(): Operation | undefined;
  /** Marks a taken operation settled; returns what can now never be sent because of it. */
  settle(op: Operation, succeeded: boolean): Skip[];
  /** Operations neither taken nor skipped: after a stop, or (only in a hand-made plan) waiting on a cycle. */
  untaken(): Operation[];
}

export function schedule(operations: readonly Operation[]): Schedule {
  const restores = operations.filter((o) => o.action === "restore");
  const deletes = operations.filter((o) => o.action === "delete");
  const key = (op: Operation, id: number) => `${packageKey(op.ref)}#${id}`;
  const deleteOf = new Map(deletes.map((o) => [key(o, o.version.id), o]));

  // Per delete: how many planned deletes that list it have not succeeded yet, and who they list.
  const waitingOn = new Map<Operation, number>();
  const listed = new Map<Operation, Operation[]>();
  for (const op of deletes) {
    const parents = new Set(
      [...(op.parentIds ?? []), ...(op.parentId === undefined ? [] : [op.parentId])]
        .map((id) => deleteOf.get(key(op, id)))
        .filter((p): p is Operation => p !== undefined && p !== op),
    );
    waitingOn.set(op, parents.size);
    for (const parent of parents) {
      const children = listed.get(parent);
      if (children) children.push(op);
      else listed.set(parent, [op]);
    }
  }

  const ready: Operation[] = [...restores];
  let readyAt = 0;
  let restoresLeft = restores.length;
  const taken = new Set<Operation>();
  const skipped = new Set<Operation>();
  // A loop, not push(...all): a plan of 100,000 deletes would overflow the arguments of one call.
  const releaseDeletes = () => {
    for (const d of deletes) if (waitingOn.get(d) === 0) ready.push(d);
  };
  if (restoresLeft === 0) releaseDeletes();

  const skipBelow = (parent: Operation, because: Operation): Skip[] =>
    (listed.get(parent) ?? []).flatMap((child) => {
      if (skipped.has(child) || taken.has(child)) return [];
      skipped.add(child);
      return [{ operation: child, because }, ...skipBelow(child, because)];
    });

  return {
    hasReady: () => readyAt < ready.length,
    take() {
      const op = ready[readyAt];
      if (op === undefined) return undefined;
      readyAt++;
      taken.add(op);
      return op;
    },
    settle(op, succeeded) {
      if (op.action === "restore") {
        if (--restoresLeft === 0) releaseDeletes();
        return [];
      }
      if (!succeeded) return skipBelow(op, op);
      for (const child of listed.get(op) ?? []) {
        const left = (waitingOn.get(child) ?? 1) - 1;
        waitingOn.set(child, left);
        if (left === 0 && !skipped.has(child) && restoresLeft === 0) ready.push(child);
      }
      return [];
    },
    untaken: () => operations.filter((o) => !taken.has(o) && !skipped.has(o)),
  };
}
