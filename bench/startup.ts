import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CLI as UNBUNDLED_CLI, evaluatedModules } from "../scripts/loaded-modules.js";
import { CLI, NODE, ROOT, succeeded, timeNodeSync } from "./cli-run.js";
import { spawnSync } from "node:child_process";
import { median, ratio, repeat, seconds, type Figure } from "./figure.js";
import { scratchDir, writeSpec } from "./fixtures.js";

const RULES = `keep:
  - semver: ">=2.0.0"
  - name: "/^1\\\\.4\\\\.\\\\d+$/"
    newest: 3
delete:
  - olderThan: 90d
  - prerelease: true
unmatched: ignore`;

const ROUNDS_PER_RUN = 5;

/** Start-up against bare node in the same run: `--version`, and `validate` of a 20-package spec. */
export async function benchStartup(): Promise<{ figures: Figure[]; notes: string[] }> {
  const spec = writeSpec(
    scratchDir(),
    Array.from({ length: 20 }, (_, i) => ({ type: "npm" as const, name: `lib${i}` })),
    RULES,
  );
  // In the user's environment, as their shell runs it, and in a clean one (PATH only): settings such
  // as NODE_EXTRA_CA_CERTS cost every node start the same fixed time, which flatters a ratio.
  // The goals are timed as a user's second run meets them, with the code cache the first one left
  // (BENCH_COMPILE_CACHE, warmed below); a first run, and runs with the cache off, are noted.
  const commands: Record<string, () => number> = {};
  for (const inherit of [true, false]) {
    const env = inherit ? "" : "clean ";
    commands[`${env}bare`] = () => timeNodeSync(["-e", "0"], inherit).ms;
    commands[`${env}version`] = () => succeeded(timeNodeSync([CLI, "--version"], inherit), "--version").ms;
    commands[`${env}validate`] = () =>
      succeeded(timeNodeSync([CLI, "validate", "-f", spec], inherit), "validate").ms;
  }
  commands["first version"] = () => firstRun([CLI, "--version"]);
  commands["first validate"] = () => firstRun([CLI, "validate", "-f", spec]);
  commands["uncached version"] = () =>
    succeeded(timeNodeSync([CLI, "--version"], true, "off"), "--version").ms;
  commands["uncached validate"] = () =>
    succeeded(timeNodeSync([CLI, "validate", "-f", spec], true, "off"), "validate").ms;
  // tsc's output run directly: what the bundle saves.
  commands["unbundled version"] = () =>
    succeeded(timeNodeSync([UNBUNDLED_CLI, "--version"], true), "unbundled --version").ms;
  commands["unbundled validate"] = () =>
    succeeded(timeNodeSync([UNBUNDLED_CLI, "validate", "-f", spec], true), "unbundled validate").ms;
  for (const name of ["version", "validate"]) commands[name]?.();
  // A start-up lasts a tenth of a second, as long as a hiccup of a busy machine: each round runs
  // every command once, so all meet the same weather, and each command is set against the bare node
  // of its own round; a figure is the median of those ratios over every round of every run (a load
  // that comes and goes moves both sides of a ratio, and the median passes over the rounds it hit).
  const rounds: Record<string, number>[] = [];
  await repeat(() => {
    for (let round = 0; round < ROUNDS_PER_RUN; round++) {
      const times: Record<string, number> = {};
      for (const [name, run] of Object.entries(commands)) times[name] = run();
      rounds.push(times);
    }
  });
  const of = (name: string) => median(rounds.map((times) => times[name] ?? NaN));
  const ratioOf = (name: string, bareName: string) =>
    median(rounds.map((times) => (times[name] ?? NaN) / (times[bareName] ?? NaN)));
  const bare = of("bare");
  const figure = (what: string, name: string, goal: number): Figure => ({
    what,
    measured: seconds(of(name)),
    ideal: `${seconds(bare)} (\`node -e 0\`)`,
    ratio: ratioOf(name, "bare"),
    goal: `≤ ${ratio(goal)}`,
    met: ratioOf(name, "bare") <= goal,
  });
  const against = (name: string, bareName: string) =>
    `${seconds(of(name))} (${ratio(ratioOf(name, bareName))})`;
  const evaluated = (args: string[]) => {
    const run = evaluatedModules(args, ROOT);
    return `${run.evaluated.length} of the bundle's ${run.lazy.length} lazy modules (${run.packages.join(", ")})`;
  };
  /** The median ratio over the rounds where bare node took over 100 ms: the goals hold on a slow machine too. */
  const slowRounds = rounds.filter((t) => (t.bare ?? 0) > 100);
  const slow = (name: string) => median(slowRounds.map((t) => (t[name] ?? NaN) / (t.bare ?? NaN)));
  return {
    figures: [
      figure("`ghpkg --version`", "version", 1.5),
      figure("`ghpkg validate`, 20 packages", "validate", 2),
    ],
    notes: [
      `Node ${nodeVersion()}; the slowest round's \`node -e 0\` took ${seconds(Math.max(...rounds.map((t) => t.bare ?? 0)))}, the fastest ${seconds(Math.min(...rounds.map((t) => t.bare ?? Infinity)))}; ${slowRounds.length === 0 ? "none took over 100 ms" : `in the ${slowRounds.length} rounds where it took over 100 ms, \`--version\` ${ratio(slow("version"))} and \`validate\` ${ratio(slow("validate"))}`}.`,
      `A first run, which fills the code cache: \`--version\` ${against("first version", "bare")}, \`validate\` ${against("first validate", "bare")}. With the cache off (\`GHPKG_COMPILE_CACHE=off\`): ${against("uncached version", "bare")} and ${against("uncached validate", "bare")}.`,
      `Unbundled (tsc's output, \`node dist/src/cli/main.js\`): \`--version\` ${against("unbundled version", "bare")}, \`validate\` ${against("unbundled validate", "bare")}.`,
      `In a clean environment (PATH only): \`node -e 0\` ${seconds(of("clean bare"))}; \`--version\` ${against("clean version", "clean bare")}, \`validate\` ${against("clean validate", "clean bare")}.`,
      `\`ghpkg --version\` evaluates ${evaluated(["--version"])}.`,
      `\`ghpkg validate\` evaluates ${evaluated(["validate", "-f", spec])}.`,
    ],
  };
}

/** A run with an empty code cache: what the first run after an install or upgrade costs. */
function firstRun(args: string[]): number {
  const cache = mkdtempSync(join(tmpdir(), "ghpkg-bench-first-"));
  try {
    return succeeded(timeNodeSync(args, true, cache), "first run").ms;
  } finally {
    rmSync(cache, { recursive: true, force: true });
  }
}

function nodeVersion(): string {
  return spawnSync(NODE, ["--version"], { encoding: "utf8" }).stdout.trim();
}
