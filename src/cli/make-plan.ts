import { dirname, join } from "node:path";
import { checkedUrl } from "../live/connection.js";
import { readImageGraph } from "../live/image-graph.js";
import { readJournal } from "../live/journal.js";
import { packageLabel, packageTitle } from "../packages.js";
import { registryReader } from "../registry/client.js";
import { readLiveState, type LivePackage } from "../live/read.js";
import type { PackageSource } from "../live/source.js";
import { assemblePlan, planChanges } from "../plan/plan.js";
import type { Plan } from "../plan/types.js";
import { loadSpec } from "../spec/load.js";
import type { Spec } from "../spec/types.js";
import type { GlobalContext } from "./context.js";
import { progressLine } from "./progress.js";

export interface PlanRequest {
  readonly specPaths: readonly string[];
  readonly nowMs: number;
  readonly concurrency: number;
  readonly journalPath: string | undefined;
  readonly progress: boolean;
  /** For apply: the pause between mutations of the client this run will also write with. */
  readonly writeIntervalMs?: number;
}

export interface Planned {
  readonly spec: Spec;
  readonly live: readonly LivePackage[];
  readonly plan: Plan;
  readonly journalPath: string;
  /** The run's one client, for apply to write with. */
  readonly source: PackageSource;
}

/** spec → validate → live state → plan: a bad spec stops here, before anything is read from GitHub. */
export async function makePlan(context: GlobalContext, request: PlanRequest): Promise<Planned> {
  const spec = loadSpec(request.specPaths);
  const { source, connection } = context.github({
    concurrency: request.concurrency,
    ...(request.writeIntervalMs === undefined ? {} : { writeIntervalMs: request.writeIntervalMs }),
  });
  const journalPath = request.journalPath ?? defaultJournalPath(spec);
  const progress = progressLine(context.output(), request.progress);
  const live = await readLiveState(source, spec.packages, {
    concurrency: request.concurrency,
    journal: readJournal(journalPath),
    onProgress: progress.update,
  }).finally(progress.finish);
  const withGraphs = await addImageGraphs(context, spec, live, request, connection.token, journalPath);
  const plan = assemblePlan(planChanges(spec.packages, withGraphs, request.nowMs), {
    createdAt: new Date(request.nowMs).toISOString().replace(/\.000Z$/, "Z"),
    specDigest: spec.digest,
    apiUrl: connection.apiUrl,
    specPaths: request.specPaths,
  });
  return { spec, live: withGraphs, plan, journalPath, source };
}

/** `.ghpkg/journal.jsonl` beside the first spec file. */
export function defaultJournalPath(spec: Spec): string {
  return join(dirname(spec.files[0] ?? "ghpkg.yaml"), ".ghpkg", "journal.jsonl");
}

/**
 * Children follow their parents, so container packages need their image graph, but every manifest
 * read counts as a download: read them only where the plan without the graph deletes something
 * (without a delete, the children rule adds none).
 */
async function addImageGraphs(
  context: GlobalContext,
  spec: Spec,
  live: readonly LivePackage[],
  request: PlanRequest,
  token: string | undefined,
  journalPath: string,
): Promise<LivePackage[]> {
  const containers = spec.packages.filter((p) => p.type === "container");
  if (containers.length === 0) return [...live];
  const first = planChanges(containers, live, request.nowMs);
  const deleting = new Set(
    [...first.operations, ...first.blocked].filter((op) => op.action === "delete").map(packageTitle),
  );
  if (deleting.size === 0) return [...live];
  const reader = registryReader({
    registryUrl: checkedUrl("registry URL", context.registryUrl()),
    token,
    cacheDir: join(dirname(journalPath), "cache", "manifests"),
  });
  return Promise.all(
    live.map(async (pkg) =>
      deleting.has(packageLabel(pkg.ref))
        ? { ...pkg, graph: await readImageGraph(reader, pkg, request.concurrency) }
        : pkg,
    ),
  );
}
