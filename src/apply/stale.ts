import pLimit from "p-limit";
import { packageLabel, type PackageRef } from "../model/package.js";
import type { PackageSource } from "../live/source.js";
import type { Plan } from "../plan/types.js";

export interface Current {
  readonly specDigest: string;
  readonly apiUrl: string;
}

/**
 * What no longer holds of a saved plan: the spec moved, the API is another, or an operation no
 * longer fits the live state. Empty means the plan may be applied as it stands.
 */
export async function staleReasons(
  plan: Plan,
  current: Current,
  source: PackageSource,
  concurrency: number,
): Promise<string[]> {
  const reasons: string[] = [];
  if (plan.specDigest !== current.specDigest)
    reasons.push(
      `the spec changed since the plan was made (plan ${plan.specDigest.slice(0, 19)}…, spec now ${current.specDigest.slice(0, 19)}…)`,
    );
  if (plan.apiUrl !== current.apiUrl)
    reasons.push(`the plan was made against ${plan.apiUrl}, not ${current.apiUrl}`);

  const refs = new Map<string, PackageRef>();
  for (const op of plan.operations) refs.set(packageLabel(op.ref), op.ref);
  const limit = pLimit(concurrency);
  const active = new Map(
    await Promise.all(
      [...refs.values()].map((ref) =>
        limit(
          async () =>
            [
              packageLabel(ref),
              new Set((await source.listVersions(ref, "active")).map((v) => v.id)),
            ] as const,
        ),
      ),
    ),
  );
  for (const op of plan.operations) {
    const label = packageLabel(op.ref);
    const isActive = active.get(label)?.has(op.version.id) ?? false;
    if (op.action === "delete" && !isActive)
      reasons.push(`${label}: version ${op.version.id} (${op.version.name}) to delete is no longer active`);
    if (op.action === "restore" && isActive)
      reasons.push(`${label}: version ${op.version.id} (${op.version.name}) to restore is already active`);
  }
  return reasons;
}
