#!/usr/bin/env node
import { fileURLToPath } from "node:url";
import { COMMAND_NAMES } from "./command-names.js";
import { commandOf, compileCacheDir, runWithCompileCache } from "./compile-cache.js";

// package.json's `bin`, bundled beside the CLI's bundle (dist/bundle/cli/main.cjs): it runs that
// bundle with V8's code cache, and loads nothing else (see compile-cache.ts).

/** main.cjs's digest, written in by scripts/bundle-cli.ts when it builds both; absent unbundled. */
declare const __GHPKG_BUNDLE_DIGEST__: string | undefined;

runWithCompileCache(
  fileURLToPath(new URL("./main.cjs", import.meta.url)),
  compileCacheDir(process.env),
  commandOf(process.argv, COMMAND_NAMES),
  typeof __GHPKG_BUNDLE_DIGEST__ === "string" ? __GHPKG_BUNDLE_DIGEST__ : undefined,
);
