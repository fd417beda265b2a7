#!/usr/bin/env node
import { fileURLToPath } from "node:url";
import { UserError } from "../model/errors.js";
import { runAction } from "./action.js";
import { actionsCacheStore } from "./actions-cache-store.js";
import { errorAnnotation } from "./log.js";

// The entry point of action.yml, bundled as dist-action/main.mjs beside the bundled CLI, cli.mjs
// (`npm run build:action`): a step runs it as it is, with no install.
try {
  process.exitCode = await runAction(process.env, {
    cliPath: fileURLToPath(new URL("./cli.mjs", import.meta.url)),
    cache: actionsCacheStore(),
    nowMs: Date.now(),
  });
} catch (error) {
  // A bad input is the user's to fix, in one line; anything else is a bug, and says so.
  const message = error instanceof Error ? error.message : String(error);
  const text = error instanceof UserError ? message : `internal error in the ghpkg action: ${message}`;
  errorAnnotation(text);
  process.exitCode = 1;
}
