import type { PackageSummary, Plan } from "../plan/types.js";
import { formatBytes } from "./size.js";

/**
 * What a package's deletes free, as its header says it: `frees 1.2 GB`; for a container package
 * whose deletes no manifest measures, that it is not known; nothing for a package without deletes,
 * for types that have no manifests, and for a plan saved before ghpkg measured.
 */
export function freedPhrase(summary: PackageSummary): string | undefined {
  if (typeof summary.bytesFreed === "number") return `frees ${formatBytes(summary.bytesFreed)}`;
  if (summary.bytesFreed === null && summary.ref.type === "container" && summary.delete > 0)
    return "frees an unknown amount (a manifest was not read or does not state its sizes)";
  return undefined;
}

/** The line before the plan's summary: what all its deletes free together, and what is not measured. */
export function totalFreedLine(plan: Plan): string | undefined {
  const total = plan.summary.bytesFreed;
  if (total === undefined || plan.summary.delete === 0) return undefined;
  const unmeasured = plan.packages.filter((p) => p.delete > 0 && p.bytesFreed === null).length;
  const packages = `${unmeasured} ${unmeasured === 1 ? "package" : "packages"}`;
  if (total === null)
    return `Frees an unknown amount: no manifest measures the deletes (only container images' manifests state sizes).`;
  if (unmeasured === 0) return `Frees ${formatBytes(total)}.`;
  return `Frees at least ${formatBytes(total)}: the deletes of ${packages} are not measured (only container images' manifests state sizes).`;
}
