import { build } from "esbuild";
import { fileURLToPath } from "node:url";

// Run by `npm run build` after tsc and the spec validator: the CLI users run (package.json `bin`)
// as a few ES module files instead of ~250 modules from node_modules, which start-up pays to find
// and read. Splitting keeps each command's `import()` lazy: `--version` loads no Octokit.
// dist/bundle/cli/ sits as deep as dist/src/<layer>/, so `new URL("../../../…", import.meta.url)`
// (package.json, the bundled sandbox state) resolves the same in both.
const dist = (path: string) => fileURLToPath(new URL(`../${path}`, import.meta.url));

await build({
  entryPoints: [dist("src/cli/main.js")],
  outdir: dist("bundle/cli"),
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  logLevel: "warning",
  // Bundled CommonJS packages (commander, yaml, semver) require() Node's own modules.
  banner: {
    js: 'import { createRequire as ghpkgCreateRequire } from "node:module"; const require = ghpkgCreateRequire(import.meta.url);',
  },
});
