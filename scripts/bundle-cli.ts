import { build, type BuildOptions, type Plugin } from "esbuild";
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";

// Run by `npm run build` after tsc and the spec validator: the CLI users run (package.json `bin`).
// - dist/bundle/cli/main.cjs: the whole CLI as one CommonJS file instead of ~250 modules from
//   node_modules, which start-up pays to find and read. Each command's `import()` stays lazy: esbuild
//   wraps what it reaches in functions that run only when called, so `--version` evaluates no Octokit.
//   CommonJS because only a classic script can be given V8's code cache on Node 20 (see
//   src/cli/compile-cache.ts).
// - dist/bundle/cli/ghpkg.cjs: the launcher (`bin`), which runs main.cjs with that cache.
// dist/bundle/cli/ sits as deep as dist/src/<layer>/, so `new URL("../../../…", import.meta.url)`
// (package.json, the schemas, the bundled sandbox state) resolves the same in both.
// Minified (whitespace and syntax): every run reads and decodes the whole bundle, and V8 parses what
// the code cache lacks, so a third fewer bytes is a third less of that work.
const dist = (path: string) => fileURLToPath(new URL(`../${path}`, import.meta.url));

/**
 * commander requires child_process when it loads, for subcommands that are separate executables,
 * which ghpkg has none of: Node then loads its networking modules on every start. It is required
 * when first used instead. The build fails if commander's line changes, rather than silently loading it.
 */
const lazyChildProcess: Plugin = {
  name: "lazy-child-process",
  setup(build) {
    build.onLoad({ filter: /[\\/]commander[\\/]lib[\\/]command\.js$/ }, async ({ path }) => {
      const source = await readFile(path, "utf8");
      const eager = "const childProcess = require('node:child_process');";
      if (!source.includes(eager)) throw new Error(`${path} no longer has: ${eager}`);
      const lazy =
        "const childProcess = { spawn: (...args) => require('node:child_process').spawn(...args) };";
      return { contents: source.replace(eager, lazy), loader: "js" };
    });
  },
};

const commonJs: BuildOptions = {
  bundle: true,
  format: "cjs",
  platform: "node",
  target: "node20",
  // Not identifiers: esbuild then drops the module paths its lazy wrappers are named by, which
  // scripts/loaded-modules.ts reads to tell what a command evaluated.
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: "warning",
  plugins: [lazyChildProcess],
  // import.meta does not exist in CommonJS: the file's own URL stands in for it.
  define: { "import.meta.url": "__ghpkgFileUrl" },
  banner: { js: 'var __ghpkgFileUrl = require("node:url").pathToFileURL(__filename).href;' },
};

// The launcher knows the bundle by its digest, so a run need not hash 1 MB to find its code cache.
let digest: string | undefined;
for (const [entry, out] of [
  ["src/cli/main.js", "bundle/cli/main.cjs"],
  ["src/cli/launch.js", "bundle/cli/ghpkg.cjs"],
] as const) {
  const { metafile } = await build({
    ...commonJs,
    ...(digest === undefined
      ? {}
      : { define: { ...commonJs.define, __GHPKG_BUNDLE_DIGEST__: JSON.stringify(digest) } }),
    entryPoints: [dist(entry)],
    outfile: dist(out),
    metafile: true,
  });
  digest ??= createHash("sha256")
    .update(await readFile(dist(out)))
    .digest("hex");
  // An import() left for run time would need the ES module loader, which a vm.Script lacks.
  for (const output of Object.values(metafile.outputs))
    for (const left of output.imports.filter((i) => i.kind === "dynamic-import"))
      throw new Error(`${out} would import ${left.path} at run time: bundle it`);
}
