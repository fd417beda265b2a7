import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { build, type Plugin } from "esbuild";

/** The repository root, from dist/scripts/ where tsc puts this file. */
export const ROOT = fileURLToPath(new URL("../../", import.meta.url));
/** Where the committed bundle lives, relative to the root; action.yml's `main` points into it. */
export const ACTION_BUNDLE_DIR = "dist-action";
export const BUILD_ACTION_COMMAND = "npm run build:action";

/**
 * Compiled by tsc, a file of src/<dir>/ sits at dist/src/<dir>/, three folders below the root, and
 * finds schemas/, examples/ and package.json with `new URL("../../../…", import.meta.url)`. Bundled,
 * it sits in dist-action/, one folder below: the same files are one `../` away.
 */
const rootRelativeFiles: Plugin = {
  name: "root-relative-files",
  setup(build) {
    build.onLoad({ filter: /[\\/]dist[\\/]src[\\/].*\.js$/ }, async ({ path }) => ({
      contents: (await readFile(path, "utf8")).replace(/new URL\("\.\.\/\.\.\/\.\.\//g, 'new URL("../'),
      loader: "js",
    }));
  },
};

/**
 * The Action's entry point and the CLI it runs, each one self-contained ES module for Node, so a
 * step needs no install. Not minified, so a review can read what changed; the same sources and
 * lockfile always give the same bytes, which is what the staleness test compares.
 */
export async function bundleAction(outdir: string): Promise<void> {
  await build({
    absWorkingDir: ROOT,
    // From what `npm run build` made: tsc's output and the spec validator it generates.
    entryPoints: { main: "dist/src/gitops/action-main.js", cli: "dist/src/cli/main.js" },
    outdir,
    outExtension: { ".js": ".mjs" },
    bundle: true,
    platform: "node",
    format: "esm",
    // The Action runs on node24; the tests run the same files on this machine's Node 20.
    target: "node20",
    minify: false,
    sourcemap: false,
    legalComments: "eof",
    logLevel: "warning",
    // Dependencies written as CommonJS call require(), which an ES module has only when made.
    banner: {
      js: 'import { createRequire as __ghpkgCreateRequire } from "node:module";\nconst require = __ghpkgCreateRequire(import.meta.url);',
    },
    plugins: [rootRelativeFiles],
  });
}
