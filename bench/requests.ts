import { readLiveState } from "../src/reconcile/read-live.js";
import { planChanges } from "../src/plan/plan.js";
import { startSandbox } from "../src/sandbox/server.js";
import { compileSelector } from "../src/select/selector.js";
import type { PackageSpec } from "../src/spec/types.js";
import { benchPackage, benchSource, manyVersions } from "./fixtures.js";

const spec = (name: string, restorable: boolean): PackageSpec => ({
  owner: "octocat",
  type: "npm",
  name,
  keep: [compileSelector(restorable ? { name: "1.0.0" } : { semver: "*", newest: 10 }, "keep[0]")],
  delete: [],
  unmatched: "delete",
  at: { file: "bench", line: 1, column: 1 },
});

/** Requests sent for one plan, against the fewest the API allows: one page per 100 versions, at least one. */
export async function benchRequests(): Promise<string[]> {
  const rows = ["| versions | restorable | requests | minimum |", "|---:|---|---:|---:|"];
  for (const count of [0, 1, 99, 100, 101, 950])
    for (const restorable of [false, true]) {
      const now = Date.now();
      const sandbox = await startSandbox({
        state: { viewer: "octocat", packages: [benchPackage("npm", "lib", manyVersions(count, 1, now))] },
      });
      const live = await readLiveState(benchSource(sandbox.url), [spec("lib", restorable)], {
        concurrency: 8,
        knownDeleted: () => [],
      });
      planChanges([spec("lib", restorable)], live, now);
      // GET /users/{owner} once (user or organisation?); a restorable package also needs GET /user
      // once and one page of deleted versions.
      const minimum = 1 + Math.max(1, Math.ceil(count / 100)) + (restorable ? 2 : 0);
      rows.push(`| ${count} | ${restorable ? "yes" : "no"} | ${sandbox.requests.length} | ${minimum} |`);
      await sandbox.close();
      if (sandbox.requests.length !== minimum) process.exitCode = 1;
    }
  return rows;
}

/** 10 packages × 1,000 versions, 100 ms a request: goal within 1.5 × 100 ms × ceil(requests / 10). */
export async function benchLatency(): Promise<string[]> {
  const now = Date.now();
  const packages = Array.from({ length: 10 }, (_, i) =>
    benchPackage("npm", `lib${i}`, manyVersions(1000, i * 1000 + 1, now)),
  );
  const sandbox = await startSandbox({ state: { viewer: "octocat", packages }, latencyMs: 100 });
  const specs = packages.map((p) => spec(p.name, false));
  const started = performance.now();
  await readLiveState(benchSource(sandbox.url), specs, { concurrency: 8, knownDeleted: () => [] });
  const wall = performance.now() - started;
  const requests = sandbox.requests.length;
  const goal = 1.5 * 100 * Math.ceil(requests / 10);
  await sandbox.close();
  if (wall > goal) process.exitCode = 1;
  return [
    "| packages × versions | latency | requests | wall time | goal |",
    "|---|---:|---:|---:|---:|",
    `| 10 × 1,000 | 100 ms | ${requests} | ${Math.round(wall)} ms | ≤ ${goal} ms |`,
  ];
}
