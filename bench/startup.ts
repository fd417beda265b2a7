import { CLI as UNBUNDLED_CLI, loadedModules } from "../scripts/loaded-modules.js";
import { CLI, ROOT, succeeded, timeCli, timeNode } from "./cli-run.js";
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

/** Start-up against bare node in the same run: `--version`, and `validate` of a 20-package spec. */
export async function benchStartup(): Promise<{ figures: Figure[]; notes: string[] }> {
  const spec = writeSpec(
    scratchDir(),
    Array.from({ length: 20 }, (_, i) => ({ type: "npm" as const, name: `lib${i}` })),
    RULES,
  );
  const runs = await repeat(async () => ({
    bare: (await timeNode(["-e", "0"])).ms,
    version: succeeded(await timeCli(["--version"]), "ghpkg --version").ms,
    validate: succeeded(await timeCli(["validate", "-f", spec]), "ghpkg validate").ms,
    // tsc's output run directly: what the bundle saves.
    unbundledVersion: succeeded(await timeNode([UNBUNDLED_CLI, "--version"]), "unbundled --version").ms,
    unbundledValidate: succeeded(
      await timeNode([UNBUNDLED_CLI, "validate", "-f", spec]),
      "unbundled validate",
    ).ms,
  }));
  const bare = median(runs.map((r) => r.bare));
  const figure = (what: string, ms: number, goal: number): Figure => ({
    what,
    measured: seconds(ms),
    ideal: `${seconds(bare)} (\`node -e 0\`)`,
    ratio: ms / bare,
    goal: `≤ ${ratio(goal)}`,
    met: ms / bare <= goal,
  });
  const unbundled = (key: "unbundledVersion" | "unbundledValidate") => {
    const ms = median(runs.map((r) => r[key]));
    return `${seconds(ms)} (${ratio(ms / bare)})`;
  };
  const modules = (args: string[]) => {
    const loaded = loadedModules(args, ROOT, CLI);
    return `${loaded.esm.length} ES modules and ${loaded.commonjs.length} CommonJS files (${loaded.packages.join(", ")})`;
  };
  return {
    figures: [
      figure("`ghpkg --version`", median(runs.map((r) => r.version)), 1.5),
      figure("`ghpkg validate`, 20 packages", median(runs.map((r) => r.validate)), 2),
    ],
    notes: [
      `Unbundled (tsc's output, \`node dist/src/cli/main.js\`): \`--version\` ${unbundled("unbundledVersion")}, \`validate\` ${unbundled("unbundledValidate")}.`,
      `\`ghpkg --version\` loads ${modules(["--version"])}.`,
      `\`ghpkg validate\` loads ${modules(["validate", "-f", spec])}.`,
    ],
  };
}
