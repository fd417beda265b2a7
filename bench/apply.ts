import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { applyOperations } from "../src/apply/apply.js";
import { openJournal } from "../src/apply/journal.js";
import type { Operation } from "../src/plan/types.js";
import { startSandbox } from "../src/sandbox/server.js";
import { benchPackage, benchSource, manyVersions } from "./fixtures.js";

function deletes(count: number): Operation[] {
  return Array.from({ length: count }, (_, i) => ({
    action: "delete",
    ref: { owner: "octocat", type: "npm", name: "lib" },
    version: {
      id: i + 2,
      name: `v${i}`,
      tags: [],
      createdAt: new Date().toISOString(),
      deletedAt: null,
      state: "active",
    },
    reason: "bench",
  }));
}

async function run(count: number, writeIntervalMs: number, minMutationIntervalMs: number) {
  const sandbox = await startSandbox({
    state: {
      viewer: "octocat",
      packages: [benchPackage("npm", "lib", manyVersions(count + 1, 1, Date.now()))],
    },
    minMutationIntervalMs,
  });
  const journal = openJournal(join(mkdtempSync(join(tmpdir(), "ghpkg-bench-")), "journal.jsonl"), "bench");
  const started = performance.now();
  const { results } = await applyOperations(benchSource(sandbox.url), deletes(count), journal, {
    concurrency: 8,
    writeIntervalMs,
  });
  const seconds = (performance.now() - started) / 1000;
  journal.close();
  await sandbox.close();
  return {
    seconds,
    done: results.filter((r) => r.outcome === "done").length,
    limited: sandbox.requests.filter((r) => r.status === 403).length,
  };
}

/** Throughput with no pacing, and proof that the default pacing never meets a secondary rate limit. */
export async function benchApply(): Promise<string[]> {
  const fast = await run(300, 0, 0);
  const paced = await run(5, 1000, 900);
  const unpaced = await run(5, 0, 900);
  if (fast.done !== 300 || paced.limited > 0 || paced.done !== 5) process.exitCode = 1;
  return [
    "| deletes | --write-interval | sandbox refuses mutations closer than | done | secondary limits met | wall time |",
    "|---:|---:|---:|---:|---:|---:|",
    `| 300 | 0 | — | ${fast.done} (${Math.round(fast.done / fast.seconds)}/s) | ${fast.limited} | ${fast.seconds.toFixed(2)} s |`,
    `| 5 | 1000 ms (default) | 900 ms | ${paced.done} | ${paced.limited} | ${paced.seconds.toFixed(2)} s |`,
    `| 5 | 0 | 900 ms | ${unpaced.done} | ${unpaced.limited} | ${unpaced.seconds.toFixed(2)} s |`,
  ];
}
