import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const REGISTER = fileURLToPath(new URL("./module-log/register.js", import.meta.url));
/** The CLI as compiled by tsc, one file per module: what the lazy-loading test checks. */
export const CLI = fileURLToPath(new URL("../src/cli/main.js", import.meta.url));
/** The CLI users run (package.json `bin`): esbuild's bundle, whose files name the modules they hold. */
export const BUNDLED_CLI = fileURLToPath(new URL("../bundle/cli/main.js", import.meta.url));

export interface LoadedModules {
  /** ES modules and CommonJS files, as file URLs, each once. */
  readonly esm: readonly string[];
  readonly commonjs: readonly string[];
  /** The npm packages they belong to or, for a bundle, hold (`@octokit/rest`, `yaml`, …). */
  readonly packages: readonly string[];
  readonly status: number | null;
}

/** Runs the built CLI with `args` and tells which modules it loaded: how start-up cost is counted. */
export function loadedModules(args: readonly string[], cwd: string, cli = CLI): LoadedModules {
  const dir = mkdtempSync(join(tmpdir(), "ghpkg-modules-"));
  const log = join(dir, "modules.log");
  try {
    const run = spawnSync(process.execPath, ["--import", REGISTER, cli, ...args], {
      cwd,
      env: { PATH: process.env.PATH ?? "", NO_COLOR: "1", GHPKG_MODULE_LOG: log },
      encoding: "utf8",
    });
    const lines = readFileSync(log, "utf8").trim().split("\n");
    const entries = lines
      .map((line) => line.split(" ") as [string, string])
      .filter(([, url]) => !url.includes("/module-log/"));
    const esm = new Set(entries.filter(([format]) => format === "module").map(([, url]) => url));
    const commonjs = new Set(entries.filter(([format]) => format === "commonjs").map(([, url]) => url));
    const packages = new Set([...esm, ...commonjs].flatMap(packagesIn));
    return { esm: [...esm], commonjs: [...commonjs], packages: [...packages].sort(), status: run.status };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function packagesIn(url: string): string[] {
  const own = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url)?.[1];
  if (own) return [own];
  if (!url.includes("/dist/bundle/")) return [];
  // esbuild heads each module it bundles with a `// node_modules/PACKAGE/…` comment.
  const text = readFileSync(fileURLToPath(url), "utf8");
  return [...text.matchAll(/^\/\/ node_modules\/((?:@[^/]+\/)?[^/]+)\//gm)].map((m) => m[1] ?? "");
}

// `node dist/scripts/loaded-modules.js --version`: the counts, for a quick look ($GHPKG_CLI: another build).
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { esm, commonjs, packages } = loadedModules(
    process.argv.slice(2),
    process.cwd(),
    process.env.GHPKG_CLI,
  );
  console.log(
    `${esm.length} ES modules, ${commonjs.length} CommonJS files; packages: ${packages.join(", ")}`,
  );
}
