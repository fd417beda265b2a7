import { build, type BuildOptions } from "esbuild";
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
const dist = (path: string) => fileURLToPath(new URL(`../${path}`, import.meta.url));

const commonJs: BuildOptions = {
  bundle: true,
  format: "cjs",
  platform: "node",
  target: "node20",
  logLevel: "warning",
  // import.meta does not exist in CommonJS: the file's own URL stands in for it.
  define: { "import.meta.url": "__ghpkgFileUrl" },
  banner: { js: 'var __ghpkgFileUrl = require("node:url").pathToFileURL(__filename).href;' },
};

for (const [entry, out] of [
  ["src/cli/main.js", "bundle/cli/main.cjs"],
  ["src/cli/launch.js", "bundle/cli/ghpkg.cjs"],
] as const) {
  const { metafile } = await build({
    ...commonJs,
    entryPoints: [dist(entry)],
    outfile: dist(out),
    metafile: true,
  });
  // An import() left for run time would need the ES module loader, which a vm.Script lacks.
  for (const output of Object.values(metafile.outputs))
    for (const left of output.imports.filter((i) => i.kind === "dynamic-import"))
      throw new Error(`${out} would import ${left.path} at run time: bundle it`);
}
