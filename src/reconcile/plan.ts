import type { ImageGraph, LivePackage } from "../model/live.js";
import { packageKey } from "../model/package.js";
import { graphNeeds } from "../plan/needs.js";
import { assemblePlan, planChanges } from "../plan/plan.js";
import type { Plan } from "../plan/types.js";
import { readImageGraph } from "../registry/image-graph.js";
import type { Spec } from "../spec/types.js";
import { expandPatterns } from "./expand-patterns.js";
import type { PlanPorts } from "./ports.js";
import { parentsDeletedEarlier, withDeletedParents } from "./deleted-parents.js";
import { readLiveState } from "./read-live.js";
import { withRestoredImages } from "./restored-images.js";

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
 * live state → plan: expands pattern entries into the packages GitHub lists, reads what the spec
 * governs (image graphs only where a delete needs them, or where images deleted by an earlier run may
 * have left children) and plans.
 */
export async function planSpec(ports: PlanPorts, request: PlanRequest): Promise<Planned> {
  const { spec, nowMs, concurrency } = request;
  const { packages, patterns } = await expandPatterns(ports.source, spec.packages, concurrency);
  const notes: string[] = [];
  const listed = await readLiveState(ports.source, packages, {
    knownDeleted: ports.knownDeleted,
    onNote: (note) => notes.push(note),
    ...(ports.onProgress ? { onProgress: ports.onProgress } : {}),
  });
  const { needs, restoring: restores } = graphNeeds(packages, listed, nowMs);
  const live = await Promise.all(
    listed.map(async (pkg) => {
      const earlier = parentsDeletedEarlier(pkg, ports.deletedEarlier);
      const label = packageKey(pkg.ref);
      const restoring = restores.get(label) ?? [];
      // Active images are read when the plan deletes something, or finishes an earlier run's deletes.
      const readsActive = needs.has(label) || earlier.length > 0;
      if (!readsActive && restoring.length === 0) return pkg;
      let graph: ImageGraph = readsActive
        ? await readImageGraph(ports.manifests, pkg, concurrency)
        : { children: new Map(), unreadable: undefined };
      if (earlier.length > 0)
        graph = await withDeletedParents(ports.manifests, pkg, graph, earlier, concurrency);
      // An image this plan restores brings back its deleted children: what it lists is read too, or
      // they would stay deleted (and the active ones be taken for an earlier run's leftovers).
      if (restoring.length > 0)
        graph = await withRestoredImages(ports.manifests, pkg, graph, restoring, earlier, concurrency);
      return { ...pkg, graph };
    }),
  );
  const plan = assemblePlan(planChanges(packages, live, nowMs), {
    createdAt: new Date(nowMs).toISOString().replace(/\.000Z$/, "Z"),
    specDigest: spec.digest,
    apiUrl: request.apiUrl,
    specPaths: request.specPaths,
    ...(notes.length > 0 ? { notes: notes.sort() } : {}),
    ...(patterns.length > 0 ? { patterns } : {}),
    ...(request.specPathsFromPlan ? { specPathsFromPlan: request.specPathsFromPlan } : {}),
  });
  return { spec, live, plan };
}
