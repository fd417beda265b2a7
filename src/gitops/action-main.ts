#!/usr/bin/env node
import { errorAnnotation } from "../render/workflow-commands.js";
import { runAction } from "./action.js";

// Entry point of action.yml's step.
try {
  process.exitCode = await runAction(process.env);
} catch (error) {
  console.error(errorAnnotation(error instanceof Error ? error.message : String(error)));
  process.exitCode = 1;
}
