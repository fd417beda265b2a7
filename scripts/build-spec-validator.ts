import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { standaloneSpecValidator } from "./spec-validator.js";

// Run by `npm run build` after tsc, so the shipped validator is always the schema's of this build:
// src/spec/schema.ts imports it without compiling anything at start-up.
const target = fileURLToPath(new URL("../src/spec/generated/validate-spec.cjs", import.meta.url));
mkdirSync(dirname(target), { recursive: true });
writeFileSync(target, standaloneSpecValidator());
