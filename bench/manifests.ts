import { join } from "node:path";
import type { LivePackage } from "../src/model/live.js";
import { packageLabel } from "../src/model/package.js";
import type { PackageSource } from "../src/live/source.js";
import { packagesNeedingGraphs } from "../src/plan/needs.js";
import { expandPatterns } from "../src/reconcile/expand-patterns.js";
import { bindUsage } from "../src/reconcile/used-in.js";
import { startSandbox, type Sandbox } from "../src/sandbox/server.js";
import { loadSandboxState } from "../src/sandbox/state.js";
import { loadSpec } from "../src/spec/load.js";
import { usageReader } from "../src/usage/read-usage.js";
import { ROOT, succeeded, timeCli } from "./cli-run.js";
import { closing, type Figure } from "./figure.js";
import { scratchDir } from "./fixtures.js";

/**
 * Manifest reads of two plans of examples/ against the bundled state. Fewest needed: every active
 * version of each container package the plan deletes from, once; then none, from the cache.
 */
export async function benchManifests(): Promise<Figure> {
  const now = Date.now();
  const sandbox = await startSandbox({
    state: loadSandboxState(join(ROOT, "examples/sandbox-state.json"), now),
  });
  const journal = join(scratchDir(), "journal.jsonl");
  const reads: number[] = [];
  await closing(sandbox, async () => {
    for (const run of ["first", "second"]) {
      const before = sandbox.requests.length;
      succeeded(
        await timeCli(["plan", "-f", "examples/", "--quiet", "--journal", journal], sandbox.url),
        `${run} plan of examples/`,
      );
      reads.push(sandbox.requests.slice(before).filter((r) => r.path.startsWith("/v2/")).length);
    }
  });
  const fewest = [await fewestReads(sandbox, now), 0];
  return {
    what: "manifests read by a plan of `examples/`, then by the next",
    measured: reads.join(" then "),
    ideal: `${fewest.join(" then ")} (every active version of each container package the plan deletes from; then the cache)`,
    goal: "the fewest",
    met: reads.every((n, i) => n === fewest[i]),
  };
}

async function fewestReads(sandbox: Sandbox, now: number): Promise<number> {
  // Pattern entries govern the packages the sandbox lists for them, as a plan expands them.
  const listing = {
    listPackages: (owner: string, type: string) =>
      Promise.resolve(
        sandbox.state.packages
          .filter((p) => p.owner.toLowerCase() === owner.toLowerCase() && p.type === type)
          .map((p) => p.name),
      ),
  } as unknown as PackageSource;
  const expanded = await expandPatterns(listing, loadSpec([join(ROOT, "examples/")]).packages, 1);
  // The files `usedIn` names, read as the plan (run from ROOT) reads them.
  const usage = usageReader({ cwd: ROOT, registryHost: new URL(sandbox.url).host });
  const packages = await bindUsage(usage, expanded.packages);
  const live: LivePackage[] = sandbox.state.packages.map((p) => ({
    ref: { owner: p.owner, type: p.type, name: p.name },
    versions: p.versions.map((v) => ({
      id: v.id,
      name: v.name,
      tags: v.tags,
      createdAt: v.created_at,
      deletedAt: v.deleted_at,
      state: v.deleted_at === null ? ("active" as const) : ("deleted" as const),
    })),
  }));
  const needs = packagesNeedingGraphs(packages, live, now);
  return live
    .filter((p) => needs.has(packageLabel(p.ref)))
    .reduce((n, p) => n + p.versions.filter((v) => v.state === "active").length, 0);
}
