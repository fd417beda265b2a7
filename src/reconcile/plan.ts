import type { ImageGraph, LivePackage } from "../model/live.js";
import { packageKey } from "../model/package.js";
import { findDamage } from "../plan/broken.js";
import { repairs } from "../plan/can-restore.js";
import { graphNeeds } from "../plan/needs.js";
import { repairRestoresToRead } from "../plan/repair.js";
import { assemblePlan, planChanges, planPackageOf, type PackagePlan } from "../plan/plan.js";
import type { Plan, PlanBudget } from "../plan/types.js";
import { resetTime } from "../live/rate-limit.js";
import type { PackageSource } from "../live/source.js";
import { readImageGraph } from "../registry/image-graph.js";
import type { Spec } from "../spec/types.js";
import { expandPatterns } from "./expand-patterns.js";
import type { PlanPorts } from "./ports.js";
import { parentsDeletedEarlier, withDeletedParents } from "./deleted-parents.js";
import { countingReads } from "./manifest-progress.js";
import { readLiveState } from "./read-live.js";
import { withRestoredImages } from "./restored-images.js";
import { bindUsage } from "./used-in.js";

/** One request per operation, and the reads apply makes again first, against what the token has left now. */
function planBudget(operations: number, source: PackageSource): PlanBudget {
  const status = source.rateLimit?.();
  return {
    requestsNeeded: operations + (status?.sent ?? 0),
    operations,
    reads: status?.sent ?? null,
    remaining: status?.remaining ?? null,
    limit: status?.limit ?? null,
    resetAt: status ? resetTime(status.resetAt) : null,
  };
}

export interface PlanRequest {
  /** A spec already loaded and valid: a bad spec stops before any port is asked anything. */
  readonly spec: Spec;
  readonly nowMs: number;
  /** Packages (and manifests) read at once. */
  readonly concurrency: number;
  /** Where the live state comes from, recorded in the plan so that apply can check it is the same. */
  readonly apiUrl: string;
  /** The spec paths as given, so that `apply PLANFILE` re-reads the same spec. */
  readonly specPaths: readonly string[];
  /** For a plan saved to a file: the spec paths from that file's folder (see apply/spec-location.ts). */
  readonly specPathsFromPlan?: readonly string[];
}

export interface Planned {
  readonly spec: Spec;
  readonly live: readonly LivePackage[];
  readonly plan: Plan;
}

/**
 * live state → plan: expands pattern entries into the packages GitHub lists, reads the files
 * `usedIn` names, reads what the spec governs (image graphs only where a delete needs them, or where images deleted by an earlier run may
 * have left children) and plans.
 */
export async function planSpec(ports: PlanPorts, request: PlanRequest): Promise<Planned> {
  const { spec, nowMs, concurrency } = request;
  ports.loadHistory?.();
  const expanded = await expandPatterns(ports.source, spec.packages, concurrency);
  const { patterns } = expanded;
  const notes: string[] = [];
  // The files `usedIn` names are read before any version is asked for: a glob that names no file, or
  // a file that cannot be read, stops the plan with nothing sent (CONTRACT 1, "In use"); the planner
  // gets what they say as plain data.
  const packages = await bindUsage(ports.usage, expanded.packages);
  // A package without an image graph is planned as soon as it is read, while the others still are:
  // its planning then costs the run no time (a plan of 10 × 1,000 versions ends ~20 ms sooner).
  const specOf = new Map(packages.map((p) => [packageKey(p), p]));
  const plannedEarly = new Map<string, PackagePlan>();
  const listed = await readLiveState(ports.source, expanded.packages, {
    knownDeleted: ports.knownDeleted,
    onNote: (note) => notes.push(note),
    onPackage: (pkg) => {
      const spec = specOf.get(packageKey(pkg.ref));
      if (spec && spec.type !== "container")
        plannedEarly.set(packageKey(spec), planPackageOf(spec, pkg, nowMs));
    },
    ...(ports.onProgress ? { onProgress: ports.onProgress } : {}),
  });
  const { needs, restoring: restores } = graphNeeds(packages, listed, nowMs);
  const repairing = new Set(packages.filter(repairs).map((p) => packageKey(p)));
  /** Whether the package's graph is read, and what of it: undefined when it is not read at all. */
  const graphReading = (pkg: LivePackage) => {
    const earlier = parentsDeletedEarlier(pkg, ports.deletedEarlier);
    const label = packageKey(pkg.ref);
    const restoring = restores.get(label) ?? [];
    // Active images are read when the plan deletes something, or finishes an earlier run's deletes.
    const readsActive = needs.has(label) || earlier.length > 0;
    return readsActive || restoring.length > 0 ? { earlier, restoring, readsActive } : undefined;
  };
  const manifests = ports.onManifestProgress
    ? countingReads(ports.manifests, manifestsToRead(listed, graphReading), ports.onManifestProgress)
    : ports.manifests;
  const live = await Promise.all(
    listed.map(async (pkg) => {
      const reading = graphReading(pkg);
      if (!reading) return pkg;
      const { earlier, restoring, readsActive } = reading;
      let graph: ImageGraph = readsActive
        ? await readImageGraph(manifests, pkg, concurrency)
        : { children: new Map(), unreadable: undefined };
      if (earlier.length > 0) graph = await withDeletedParents(manifests, pkg, graph, earlier, concurrency);
      // A repair restores a broken image's missing children: those that may list more are read like
      // any restored image's (a single image an index lists as such lists nothing).
      const repaired = repairing.has(packageKey(pkg.ref))
        ? repairRestoresToRead(findDamage(pkg.versions, graph, nowMs), graph.singleImages)
        : [];
      const restored = [...new Set([...restoring, ...repaired])];
      // An image this plan restores brings back its deleted children: what it lists is read too, or
      // they would stay deleted (and the active ones be taken for an earlier run's leftovers).
      if (restored.length > 0)
        graph = await withRestoredImages(manifests, pkg, graph, restored, earlier, concurrency);
      return { ...pkg, graph };
    }),
  );
  const changes = planChanges(packages, live, nowMs, plannedEarly);
  const plan = assemblePlan(changes, {
    createdAt: new Date(nowMs).toISOString().replace(/\.000Z$/, "Z"),
    specDigest: spec.digest,
    apiUrl: request.apiUrl,
    specPaths: request.specPaths,
    ...(notes.length > 0 ? { notes: notes.sort() } : {}),
    ...(patterns.length > 0 ? { patterns } : {}),
    ...(request.specPathsFromPlan ? { specPathsFromPlan: request.specPathsFromPlan } : {}),
  });
  return { spec, live, plan: { ...plan, budget: planBudget(changes.operations.length, ports.source) } };
}

/**
 * How many manifests the graphs take, for the progress line: each active version's where active
 * images are read, each restored image's and each earlier parent's (a restored image's deleted
 * children, found as it is read, are not counted ahead).
 */
function manifestsToRead(
  listed: readonly LivePackage[],
  reading: (
    pkg: LivePackage,
  ) => { earlier: readonly unknown[]; restoring: readonly string[]; readsActive: boolean } | undefined,
): number {
  let total = 0;
  for (const pkg of listed) {
    const read = reading(pkg);
    if (!read) continue;
    if (read.readsActive) total += pkg.versions.filter((v) => v.state === "active").length;
    total += read.restoring.length + read.earlier.length;
  }
  return total;
}
