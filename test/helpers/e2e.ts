import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import assert from "node:assert/strict";
import { startSandbox, type Sandbox, type SandboxOptions } from "../../src/sandbox/server.js";
import { parseSandboxState } from "../../src/sandbox/state.js";
import { ROOT } from "./cli.js";

/** The clock every end-to-end test pins with --now, so that ages and expected files never drift. */
export const E2E_NOW = "2026-11-24T10:00:00Z";

/** The bundled example state, its relative dates read against E2E_NOW. */
export function startExampleSandbox(options: Partial<SandboxOptions> = {}): Promise<Sandbox> {
  const text = readFileSync(join(ROOT, "examples/sandbox-state.json"), "utf8");
  const state = parseSandboxState(text, Date.parse(E2E_NOW));
  return startSandbox({ state, clock: () => Date.parse(E2E_NOW), ...options });
}

/** Compares with test/e2e/expected/NAME; UPDATE_EXPECTED=1 rewrites it (then review the diff). */
export function assertExpected(name: string, actual: string, sandboxUrl: string): void {
  const normalized = actual.split(sandboxUrl).join("http://127.0.0.1:PORT");
  const path = join(ROOT, "test/e2e/expected", name);
  if (process.env.UPDATE_EXPECTED === "1") writeFileSync(path, normalized);
  assert.equal(normalized, readFileSync(path, "utf8"));
}
