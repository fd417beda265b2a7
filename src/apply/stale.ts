import pLimit from "p-limit";
import { packageLabel, type PackageRef, packageTitle } from "../packages.js";
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
  if (plan.spec_digest !== current.specDigest)
    reasons.push(
      `the spec changed since the plan was made (plan ${plan.spec_digest.slice(0, 19)}…, spec now ${current.specDigest.slice(0, 19)}…)`,
    );
  if (plan.api_url !== current.apiUrl)
    reasons.push(`the plan was made against ${plan.api_url}, not ${current.apiUrl}`);

  const refs = new Map<string, PackageRef>();
  for (const op of plan.operations)
    refs.set(packageTitle(op), { owner: op.owner, type: op.package_type, name: op.package_name });
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
    const isActive = active.get(packageTitle(op))?.has(op.version_id) ?? false;
    if (op.action === "delete" && !isActive)
      reasons.push(
        `${packageTitle(op)}: version ${op.version_id} (${op.version_name}) to delete is no longer active`,
      );
    if (op.action === "restore" && isActive)
      reasons.push(
        `${packageTitle(op)}: version ${op.version_id} (${op.version_name}) to restore is already active`,
      );
  }
  return reasons;
}
