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

/**
 * Compares with test/e2e/expected/NAME; UPDATE_EXPECTED=1 rewrites it (then review the diff). What a
 * plan says of the rate limit's counts depends on what the sandbox served before and on its page
 * size, so those counts read as N in text and 0 in JSON (test/e2e/budget.test.ts checks them).
 */
export function assertExpected(name: string, actual: string, sandboxUrl: string): void {
  const normalized = actual
    .split(sandboxUrl)
    .join("http://127.0.0.1:PORT")
    .replace(/("(?:requests_needed|reads|remaining)": )\d+/g, "$10")
    .replace(
      /at least \d+ requests \((\d+) operations, \d+ reads\); the token has \d+ of/g,
      "at least N requests ($1 operations, N reads); the token has N of",
    );
  const path = join(ROOT, "test/e2e/expected", name);
  if (process.env.UPDATE_EXPECTED === "1") writeFileSync(path, normalized);
  assert.equal(normalized, readFileSync(path, "utf8"));
}
