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
 * so that no package is emptied on the way. A restored image waits until every child restored with it
 * (the restores whose `parentIds` name it, nested ones first) has succeeded, so that it is never
 * active without them; when one fails, the image (and every image above it) is skipped, as it would
 * not pull. A delete waits until every planned delete of a version that lists it (its `parentIds`, at
 * any depth through them) has succeeded: an image is never left listing a child that is gone. When
 * such a delete fails, the versions it lists stay listed by an active version, so they, and
 * everything below them, are skipped.
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
    const parents = parentsIn(op, deleteOf, key);
    waitingOn.set(op, parents.size);
    for (const parent of parents) {
      const children = listed.get(parent);
      if (children) children.push(op);
      else listed.set(parent, [op]);
    }
  }

  // Restores the other way round: an image waits for its children, which name it as their parent.
  const restoreOf = new Map(restores.map((o) => [key(o, o.version.id), o]));
  const childrenLeft = new Map<Operation, number>(restores.map((o) => [o, 0]));
  const imagesOf = new Map<Operation, Operation[]>();
  for (const child of restores)
    for (const image of parentsIn(child, restoreOf, key)) {
      childrenLeft.set(image, (childrenLeft.get(image) ?? 0) + 1);
      const images = imagesOf.get(child);
      if (images) images.push(image);
      else imagesOf.set(child, [image]);
    }

  const ready: Operation[] = restores.filter((o) => childrenLeft.get(o) === 0);
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
  const skipAbove = (child: Operation, because: Operation): Skip[] =>
    (imagesOf.get(child) ?? []).flatMap((image) => {
      if (skipped.has(image) || taken.has(image)) return [];
      skipped.add(image);
      restoresLeft--;
      return [{ operation: image, because }, ...skipAbove(image, because)];
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
        const skips = succeeded ? [] : skipAbove(op, op);
        if (succeeded)
          for (const image of imagesOf.get(op) ?? []) {
            const left = (childrenLeft.get(image) ?? 1) - 1;
            childrenLeft.set(image, left);
            if (left === 0 && !skipped.has(image)) ready.push(image);
          }
        restoresLeft--;
        if (restoresLeft === 0) releaseDeletes();
        return skips;
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

/** The operations of `among` that name this one's version as their child (`parentIds`, `parentId`). */
function parentsIn(
  op: Operation,
  among: ReadonlyMap<string, Operation>,
  key: (op: Operation, id: number) => string,
): Set<Operation> {
  return new Set(
    [...(op.parentIds ?? []), ...(op.parentId === undefined ? [] : [op.parentId])]
      .map((id) => among.get(key(op, id)))
      .filter((p): p is Operation => p !== undefined && p !== op),
  );
}
