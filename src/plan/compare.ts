import type { LivePackage } from "../model/live.js";
import { packageKey, packageLabel } from "../model/package.js";
import { shortName, type PackageVersion } from "../model/version.js";
import { operationToJson, type OperationJson } from "./json.js";
import type { Operation, Plan } from "./types.js";

/**
 * How a saved plan differs from the plan made again now from the spec and the live state (with the
 * saved `created_at` as now): one line per difference, empty when the two carry out exactly the same
 * operations. `live` is what the fresh plan was made from; it only serves to say why an operation went.
 */
export function planDifferences(saved: Plan, fresh: Plan, live: readonly LivePackage[]): string[] {
  const differences: string[] = [];
  if (saved.specDigest !== fresh.specDigest)
    differences.push(
      `the spec changed since the plan was made (plan ${shortName(saved.specDigest)}, spec now ${shortName(fresh.specDigest)})`,
    );
  if (saved.apiUrl !== fresh.apiUrl)
    differences.push(`the plan was made against ${saved.apiUrl}, not ${fresh.apiUrl}`);

  const livePackages = new Map(live.map((p) => [packageKey(p.ref), p]));
  const blocked = new Map(fresh.blocked.map((b) => [operationKey(b), b.why]));
  const wanted = new Map<string, Operation>();
  for (const op of fresh.operations) wanted.set(operationKey(op), op);
  const seen = new Set<string>();
  for (const op of saved.operations) {
    const key = operationKey(op);
    if (seen.has(key)) {
      differences.push(`${title(op)} is in the saved plan more than once`);
      continue;
    }
    seen.add(key);
    const now = wanted.get(key);
    if (!now)
      differences.push(
        `${title(op)} is in the saved plan but ${whyNotWanted(op, livePackages.get(packageKey(op.ref)), blocked.get(key))}`,
      );
    else {
      const changed = changedFields(op, now);
      if (changed.length > 0)
        differences.push(`${title(op)} changed since the plan was made: ${changed.join("; ")}`);
    }
  }
  for (const [key, op] of wanted)
    if (!seen.has(key))
      differences.push(`${title(op)} is not in the saved plan but the spec now asks for it`);
  return differences;
}

/** One operation of one package on one version: what must match between the two plans. */
function operationKey(op: Operation): string {
  return `${packageKey(op.ref)}\0${op.action}\0${op.version.id}`;
}

/** `octocat/container/web: delete 123 (sha256:0123456789ab…)`. */
function title(op: Operation): string {
  return `${packageLabel(op.ref)}: ${op.action} ${op.version.id} (${shortName(op.version.name)})`;
}

/** Every field of the JSON plan that differs: a saved plan is applied only as the reviewer saw it. */
function changedFields(saved: Operation, fresh: Operation): string[] {
  const a = operationToJson(saved);
  const b = operationToJson(fresh);
  const fields = Object.keys({ ...a, ...b }) as (keyof OperationJson)[];
  return fields
    .filter((field) => JSON.stringify(a[field]) !== JSON.stringify(b[field]))
    .map((field) => `${field} ${show(a[field])} → ${show(b[field])}`);
}

const show = (value: unknown) => (value === undefined ? "(none)" : JSON.stringify(value));

/** Why the plan made again has no such operation, as far as the live state tells. */
function whyNotWanted(op: Operation, pkg: LivePackage | undefined, blockedWhy: string | undefined): string {
  if (!pkg) return `the spec does not govern ${packageLabel(op.ref)}`;
  if (blockedWhy) return `it is now blocked: ${blockedWhy}`;
  const version: PackageVersion | undefined = pkg.versions.find((v) => v.id === op.version.id);
  if (op.action === "delete") {
    if (!version || version.state !== "active")
      return "the version is no longer active (deleted since the plan was made, or never was)";
  } else if (version?.state === "active") return "the version is already active";
  return "the spec no longer asks for it";
}
