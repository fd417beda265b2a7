import type { PackageVersion } from "../src/model/version.js";
import { assemblePlan, planChanges } from "../src/plan/plan.js";
import { renderMarkdown } from "../src/render/markdown.js";
import { style } from "../src/render/style.js";
import { renderText } from "../src/render/text.js";
import { compileSelector, type SelectorSpec } from "../src/select/selector.js";
import type { PackageSpec } from "../src/spec/types.js";
import { count, seconds, type Figure } from "./figure.js";

/** 100,000 versions and 20 selectors, in this process: goal under 0.5 s and 200 MB. */
export function benchPlanner(): Figure[] {
  const now = Date.parse("2026-11-24T10:00:00Z");
  const versionCount = 100_000;
  const versions: PackageVersion[] = Array.from({ length: versionCount }, (_, i) => ({
    id: i + 1,
    name:
      i % 10 === 0
        ? `sha256:${i.toString(16).padStart(64, "0")}`
        : `${Math.floor(i / 1000)}.${Math.floor(i / 10) % 100}.${i % 10}${i % 7 === 0 ? "-rc.1" : ""}`,
    tags: i % 3 === 0 ? [`v${i}`, ...(i % 300 === 0 ? ["stable"] : [])] : [],
    createdAt: new Date(now - i * 60_000).toISOString(),
    deletedAt: null,
    state: "active",
  }));
  const keep: SelectorSpec[] = [
    { tag: "stable" },
    { tag: "v*", newest: 50 },
    { semver: ">=99.0.0" },
    { newerThan: "1d" },
    { name: "/^1\\.\\d+\\.0$/" },
    { id: [5, 50, 500] },
    { prerelease: false, newest: 100 },
    { tag: "/v9\\d{3}/" },
    { semver: "^50.0.0", newest: 5 },
    { name: "2.*" },
  ];
  const remove: SelectorSpec[] = [
    { untagged: true, olderThan: "7d" },
    { prerelease: true },
    { olderThan: "30d" },
    { tag: "v1?" },
    { name: "sha256:*", olderThan: "2d" },
    { semver: "<10.0.0" },
    { newerThan: "1h", untagged: true },
    { name: "/.*-rc\\.\\d+/" },
    { tag: "pr-*" },
    { olderThan: "P20D", newest: 1000 },
  ];
  const spec: PackageSpec = {
    owner: "octocat",
    type: "container",
    name: "huge",
    keep: keep.map((s, i) => compileSelector(s, `keep[${i}]`)),
    delete: remove.map((s, i) => compileSelector(s, `delete[${i}]`)),
    unmatched: "ignore",
    at: { file: "bench", line: 1, column: 1 },
  };
  // The first run is what a CLI run pays (cold JIT); later runs show the steady state.
  const runs = Array.from({ length: 5 }, () => {
    global.gc?.();
    const heapBefore = process.memoryUsage().heapUsed;
    const started = performance.now();
    const changes = planChanges([spec], [{ ref: spec, versions }], now);
    const ms = performance.now() - started;
    return {
      ms,
      operations: changes.operations.length,
      heapMb: (process.memoryUsage().heapUsed - heapBefore) / 1e6,
    };
  });
  const cold = runs[0]!;
  const rssMb = process.memoryUsage().rss / 1e6;
  // Rendering reads every operation too: it must stay linear-ish as well.
  const changes = planChanges([spec], [{ ref: spec, versions }], now);
  const plan = assemblePlan(changes, {
    createdAt: new Date(now).toISOString(),
    specDigest: "sha256:bench",
    apiUrl: "bench",
    specPaths: [],
  });
  const renderStarted = performance.now();
  const text = renderText(plan, style(false), now);
  const markdown = renderMarkdown(plan, now);
  const renderMs = performance.now() - renderStarted;
  const warm =
    runs
      .slice(1)
      .map((r) => r.ms)
      .sort((a, b) => a - b)[1] ?? 0;
  return [
    {
      what: `planner, ${count(versionCount)} versions × 20 selectors (${count(cold.operations)} operations)`,
      measured: `${seconds(cold.ms)} first run (${seconds(warm)} warm), ${Math.round(rssMb)} MB RSS`,
      ideal: "—",
      goal: "first run < 500 ms, < 200 MB",
      met: cold.ms < 500 && rssMb < 200,
    },
    {
      what: `rendering that plan as text (${Math.round(text.length / 1e6)} MB) and Markdown (${Math.round(markdown.length / 1e6)} MB)`,
      measured: seconds(renderMs),
      ideal: "—",
      goal: "< 1 s",
      met: renderMs < 1000,
    },
  ];
}
