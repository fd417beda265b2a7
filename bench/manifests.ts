import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { readImageGraph } from "../src/registry/image-graph.js";
import { packageLabel } from "../src/model/package.js";
import { packagesNeedingGraphs } from "../src/plan/needs.js";
import { readLiveState } from "../src/reconcile/read-live.js";
import { registryReader } from "../src/registry/client.js";
import { startSandbox } from "../src/sandbox/server.js";
import { loadSandboxState } from "../src/sandbox/state.js";
import { loadSpec } from "../src/spec/load.js";
import { benchSource } from "./fixtures.js";

const root = fileURLToPath(new URL("../../", import.meta.url));

/**
 * Manifest reads for a plan of examples/ against the bundled state. Fewest needed: every active
 * version of each container package the plan deletes from, once; then none, from the cache.
 */
export async function benchManifests(): Promise<string[]> {
  const now = Date.now();
  const sandbox = await startSandbox({
    state: loadSandboxState(join(root, "examples/sandbox-state.json"), now),
  });
  const spec = loadSpec([join(root, "examples/")]);
  const cacheDir = mkdtempSync(join(tmpdir(), "ghpkg-bench-cache-"));
  const rows = ["| plan | manifest reads | fewest needed |", "|---|---:|---:|"];
  for (const run of ["first", "second (cache)"]) {
    const before = sandbox.requests.filter((r) => r.path.startsWith("/v2/")).length;
    const live = await readLiveState(benchSource(sandbox.url), spec.packages, {
      concurrency: 8,
      knownDeleted: () => [],
    });
    const needs = packagesNeedingGraphs(spec.packages, live, now);
    const deleting = live.filter((p) => needs.has(packageLabel(p.ref)));
    const reader = registryReader({ registryUrl: sandbox.url, token: "bench", cacheDir });
    for (const pkg of deleting) await readImageGraph(reader, pkg, 8);
    const reads = sandbox.requests.filter((r) => r.path.startsWith("/v2/")).length - before;
    const fewest =
      run === "first"
        ? deleting.reduce((n, p) => n + p.versions.filter((v) => v.state === "active").length, 0)
        : 0;
    rows.push(`| ${run} | ${reads} | ${fewest} |`);
    if (reads !== fewest) process.exitCode = 1;
  }
  await sandbox.close();
  return rows;
}
