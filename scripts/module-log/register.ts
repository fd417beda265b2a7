import { appendFileSync } from "node:fs";
import { createRequire, register } from "node:module";
import { pathToFileURL } from "node:url";

// `node --import …/register.js`: ES modules are seen by the loader hook; CommonJS files that
// other CommonJS files require() never pass through it, so they are read from require's cache at exit.
register("./hooks.js", import.meta.url);
const cache = createRequire(import.meta.url).cache;
process.on("exit", () => {
  const log = process.env.GHPKG_MODULE_LOG;
  if (!log) return;
  appendFileSync(
    log,
    Object.keys(cache)
      .map((path) => `commonjs ${pathToFileURL(path).href}\n`)
      .join(""),
  );
});
