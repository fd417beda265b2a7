import pLimit from "p-limit";
import type { LivePackage } from "../model/live.js";
import type { PackageRef, PackageType } from "../model/package.js";
import { findDamage } from "../plan/broken.js";
import type { BrokenReport, CheckReport, OrphanReport } from "../plan/types.js";

export type { CheckReport } from "../plan/types.js";
import { readImageGraph } from "../registry/image-graph.js";
import type { PackageSpec } from "../spec/types.js";
import { expandPatterns, packagesNamed } from "./expand-patterns.js";
import { countingReads } from "./manifest-progress.js";
import type { PlanPorts } from "./ports.js";
import { deletedVersionsReader } from "./read-live.js";

/** What `ghpkg check` looks at: the packages a spec governs, or those `--owner`/`--package` name. */
export type CheckTarget =
  | { readonly spec: readonly PackageSpec[] }
  | {
      readonly owner: string;
      /** As given: a name, or a glob or `/regex/` over the owner's packages of that type. */
      readonly packages: readonly { readonly type: PackageType; readonly name: string }[];
    };

export interface CheckRequest {
  readonly target: CheckTarget;
  readonly nowMs: number;
  readonly concurrency: number;
}

/**
 * Reads the image graphs of container packages (every active version's manifest, through the verified
 * cache, so no manifest is read twice) and their deleted versions (to tell what can come back), and
 * reports broken images and orphans (CONTRACT 1, 2). Changes nothing.
 */
export async function checkImages(ports: PlanPorts, request: CheckRequest): Promise<CheckReport> {
  const { source } = ports;
  ports.loadHistory?.();
  const notes: string[] = [];
  let refs: PackageRef[];
  if ("spec" in request.target) {
    const expanded = await expandPatterns(source, request.target.spec, request.concurrency);
    for (const p of expanded.patterns)
      if (p.matched.length === 0) notes.push(`${p.entry} matched no ${p.type} package of ${p.owner}`);
    refs = expanded.packages.map((p) => ({ owner: p.owner, type: p.type, name: p.name }));
  } else {
    const named = await packagesNamed(source, request.target.owner, request.target.packages);
    notes.push(...named.unmatched);
    refs = named.refs;
  }
  const others = refs.filter((r) => r.type !== "container");
  if (others.length > 0)
    notes.push(
      `only container packages have image graphs: ${others.length} other ${others.length === 1 ? "package is" : "packages are"} not checked`,
    );
  const containers = refs.filter((r) => r.type === "container");
  const deletedVersions = deletedVersionsReader(source, {
    knownDeleted: ports.knownDeleted,
    onNote: (note) => notes.push(note),
  });
  const limit = pLimit(request.concurrency);
  let listedCount = 0;
  const listed: LivePackage[] = await Promise.all(
    containers.map((ref) =>
      limit(async () => {
        const active = await source.listVersions(ref, "active");
        const deleted = await deletedVersions(ref);
        const activeIds = new Set(active.map((v) => v.id));
        ports.onProgress?.(++listedCount, containers.length);
        return {
          ref,
          versions: [...active, ...deleted.versions.filter((v) => !activeIds.has(v.id))],
          deletedComplete: deleted.complete,
        };
      }),
    ),
  );
  const total = listed.reduce((n, p) => n + p.versions.filter((v) => v.state === "active").length, 0);
  const manifests = ports.onManifestProgress
    ? countingReads(ports.manifests, total, ports.onManifestProgress)
    : ports.manifests;
  const broken: BrokenReport[] = [];
  const orphans: OrphanReport[] = [];
  const unreadable: { ref: PackageRef; why: string }[] = [];
  // Every package's graph at once, as plan reads them: the run's read pool bounds what is on the
  // wire, so many small packages keep it as full as one large one.
  const graphs = await Promise.all(listed.map((pkg) => readImageGraph(manifests, pkg, request.concurrency)));
  for (const [i, pkg] of listed.entries()) {
    const graph = graphs[i]!;
    if (graph.unreadable !== undefined) unreadable.push({ ref: pkg.ref, why: graph.unreadable });
    const damage = findDamage(pkg.versions, graph, request.nowMs);
    broken.push(...damage.broken.map((b) => ({ ref: pkg.ref, ...b })));
    orphans.push(...damage.orphans.map((o) => ({ ref: pkg.ref, ...o })));
  }
  return { packages: listed.map((p) => p.ref), broken, orphans, unreadable, notes };
}
