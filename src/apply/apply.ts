import { groupBy } from "../model/group-by.js";
import { packageLabel } from "../model/package.js";
import pLimit from "p-limit";
import { GitHubError } from "../live/github-error.js";
import type { JournalWriter } from "./journal.js";
import type { PackageSource } from "../live/source.js";
import type { Operation } from "../plan/types.js";

export interface OperationResult {
  readonly operation: Operation;
  readonly outcome: "done" | "failed" | "skipped";
  /** GitHub's message on failure; a note such as "already gone" when a 404 meant done. */
  readonly message?: string;
}

export interface ApplyOptions {
  readonly concurrency: number;
  /** Asked before each operation starts: true once the user asked to stop (Ctrl-C). */
  readonly stopping: () => boolean;
  readonly onResult?: (result: OperationResult) => void;
}

/**
 * Carries out operations: per package restores first, one by one (so a package is never emptied
 * on the way), then its deletes; packages side by side. Each operation is journaled before it is sent and after.
 * One failure does not stop the others; the results say what happened to each.
 */
export async function applyOperations(
  source: PackageSource,
  operations: readonly Operation[],
  journal: JournalWriter,
  options: ApplyOptions,
): Promise<OperationResult[]> {
  const byPackage = groupBy(operations, (op) => packageLabel(op.ref));
  // One bound on requests in flight for the whole run; with a write interval the client paces them too.
  const limit = pLimit(options.concurrency);
  const run = (op: Operation) =>
    limit(async () => {
      const result: OperationResult = options.stopping()
        ? { operation: op, outcome: "skipped" }
        : await carryOut(source, op, journal);
      options.onResult?.(result);
      return result;
    });
  const results = await Promise.all(
    [...byPackage.values()].map(async (ops) => {
      const restored: OperationResult[] = [];
      for (const op of ops.filter((o) => o.action === "restore")) restored.push(await run(op));
      const deletes = ops.filter((o) => o.action === "delete");
      const planned = new Set(deletes.map((o) => o.version.id));
      const childrenOf = groupBy(deletes, (o) => o.parentId);
      const report = (result: OperationResult) => {
        options.onResult?.(result);
        return result;
      };
      const notSent = (op: Operation, parent: Operation): OperationResult[] => [
        report({
          operation: op,
          outcome: "skipped",
          message: `not sent: the delete of its parent ${parent.version.name} did not succeed`,
        }),
        ...(childrenOf.get(op.version.id) ?? []).flatMap((child) => notSent(child, parent)),
      ];
      // A parent goes first, so an image is never left listing a child that is gone; when its delete
      // does not succeed, its children are not sent at all.
      const deleteTree = async (op: Operation): Promise<OperationResult[]> => {
        const result = await run(op);
        const below = childrenOf.get(op.version.id) ?? [];
        if (result.outcome === "done") return [result, ...(await Promise.all(below.map(deleteTree))).flat()];
        return [result, ...below.flatMap((child) => notSent(child, op))];
      };
      const roots = deletes.filter((o) => o.parentId === undefined || !planned.has(o.parentId));
      const deleted = (await Promise.all(roots.map(deleteTree))).flat();
      // A cycle of parents (only a hand-edited plan has one) has no root: such deletes are not sent.
      const reached = new Set(deleted.map((r) => r.operation));
      for (const o of deletes.filter((d) => !reached.has(d)))
        deleted.push(
          report({
            operation: o,
            outcome: "failed",
            message: "not sent: its parents form a cycle in the plan",
          }),
        );
      return [...restored, ...deleted];
    }),
  );
  return results.flat();
}

async function carryOut(
  source: PackageSource,
  op: Operation,
  journal: JournalWriter,
): Promise<OperationResult> {
  const { ref, version } = op;
  journal.record(op, "sent");
  try {
    await (op.action === "delete"
      ? source.deleteVersion(ref, version.id)
      : source.restoreVersion(ref, version.id));
    journal.record(op, "done");
    return { operation: op, outcome: "done" };
  } catch (error) {
    // A 404 may mean the change already happened (an earlier try whose answer was lost): look before failing.
    if (error instanceof GitHubError && error.status === 404) {
      const now = await source.getActiveVersion(ref, version.id).then(
        (found) => (found ? "active" : "gone"),
        () => "unknown",
      );
      const converged = now === (op.action === "delete" ? "gone" : "active");
      if (converged) {
        const message = op.action === "delete" ? "already gone" : "already active";
        journal.record(op, "done", message);
        return { operation: op, outcome: "done", message };
      }
    }
    const message = error instanceof GitHubError ? error.githubMessage : (error as Error).message;
    journal.record(op, "failed", message);
    return { operation: op, outcome: "failed", message };
  }
}
