import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const REGISTER = fileURLToPath(new URL("./module-log/register.js", import.meta.url));
/** The CLI as compiled by tsc, one file per module: what the lazy-loading test checks. */
export const CLI = fileURLToPath(new URL("../src/cli/main.js", import.meta.url));
/** The CLI users run (package.json `bin`): the launcher of esbuild's one-file bundle. */
export const BUNDLED_CLI = fileURLToPath(new URL("../bundle/cli/ghpkg.cjs", import.meta.url));
const BUNDLE = fileURLToPath(new URL("../bundle/cli/main.cjs", import.meta.url));

export interface LoadedModules {
  /** ES modules and CommonJS files, as file URLs, each once. */
  readonly esm: readonly string[];
  readonly commonjs: readonly string[];
  /** The npm packages they belong to or, for a bundle, hold (`@octokit/rest`, `yaml`, …). */
  readonly packages: readonly string[];
  readonly status: number | null;
}

/** Runs the built CLI with `args` and tells which modules it loaded: how start-up cost is counted. */
export function loadedModules(args: readonly string[], cwd: string): LoadedModules {
  const dir = mkdtempSync(join(tmpdir(), "ghpkg-modules-"));
  const log = join(dir, "modules.log");
  try {
    const run = spawnSync(process.execPath, ["--import", REGISTER, CLI, ...args], {
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
  return own ? [own] : [];
}

export interface EvaluatedModules {
  /** The bundle's modules whose code ran (`node_modules/yaml/dist/index.js`, `dist/src/live/client.js`, …). */
  readonly evaluated: readonly string[];
  /** The modules the bundle holds behind a wrapper that runs them when first needed. */
  readonly lazy: readonly string[];
  /** The npm packages of the evaluated modules. */
  readonly packages: readonly string[];
  readonly status: number | null;
}

/**
 * Runs the bundled CLI with `args` and tells which of the bundle's modules ran. The bundle is one
 * file, so what it loads says nothing: esbuild wraps each module that a command reaches through
 * `import()` (and each CommonJS module) in a function named after its path, which runs the module
 * when it is first needed, and V8's coverage counts which of those functions ran.
 */
export function evaluatedModules(args: readonly string[], cwd: string): EvaluatedModules {
  const dir = mkdtempSync(join(tmpdir(), "ghpkg-coverage-"));
  try {
    const run = spawnSync(process.execPath, [BUNDLED_CLI, ...args], {
      cwd,
      env: { PATH: process.env.PATH ?? "", NO_COLOR: "1", NODE_V8_COVERAGE: dir, GHPKG_COMPILE_CACHE: "off" },
      encoding: "utf8",
    });
    const functions = readdirSync(dir)
      .flatMap((name) => (JSON.parse(readFileSync(join(dir, name), "utf8")) as Coverage).result)
      .filter((script) => script.url === pathToFileURL(BUNDLE).href)
      .flatMap((script) => script.functions)
      .filter((fn) => /^(node_modules|dist)\//.test(fn.functionName));
    const evaluated = [
      ...new Set(functions.filter((fn) => (fn.ranges[0]?.count ?? 0) > 0).map((fn) => fn.functionName)),
    ];
    const packages = new Set(evaluated.flatMap((path) => packagesIn(`/${path}`)));
    return {
      evaluated,
      lazy: [...new Set(functions.map((fn) => fn.functionName))],
      packages: [...packages].sort(),
      status: run.status,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

interface Coverage {
  readonly result: readonly {
    readonly url: string;
    readonly functions: readonly {
      readonly functionName: string;
      readonly ranges: readonly { readonly count: number }[];
    }[];
  }[];
}

// `node dist/scripts/loaded-modules.js --version`: the counts, for a quick look.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const { esm, commonjs, packages } = loadedModules(args, process.cwd());
  console.log(
    `tsc's output: ${esm.length} ES modules, ${commonjs.length} CommonJS files; packages: ${packages.join(", ")}`,
  );
  const bundled = evaluatedModules(args, process.cwd());
  console.log(
    `the bundle: evaluates ${bundled.evaluated.length} of its ${bundled.lazy.length} lazy modules; packages: ${bundled.packages.join(", ")}`,
  );
}
