import type { LivePackage } from "../model/live.js";
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
      const deleting = needs.get(label);
      if (deleting === undefined && earlier.length === 0) return pkg;
      // Finishing an earlier run reads the graph even without a delete: an image this plan restores
      // is read then too, or the children it lists would be taken for the earlier run's leftovers.
      const restoring = deleting ?? restores.get(label) ?? [];
      const graph = await readImageGraph(ports.manifests, pkg, concurrency, restoring);
      return {
        ...pkg,
        graph:
          earlier.length > 0
            ? await withDeletedParents(ports.manifests, pkg, graph, earlier, concurrency)
            : graph,
      };
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
