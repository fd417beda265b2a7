import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { evaluatedModules, loadedModules } from "../../scripts/loaded-modules.js";
import { ROOT } from "../helpers/cli.js";

// Start-up is paid on every run: a command loads what it uses, and nothing for GitHub unless it talks to it.
const NETWORK_PACKAGES = /^(@octokit\/|bottleneck$|p-limit$|json-with-bigint$|diff$)/;
const NOT_AT_START = [/\/dist\/src\/sandbox\//, /\/dist\/src\/live\/client\.js$/, /\/ajv\/dist\/compile\//];
const CHEAP_COMMANDS = [["--version"], ["--help"], ["plan", "--help"], ["validate", "-f", "examples/"]];
const PLAN_WITHOUT_TOKEN = ["plan", "-f", "examples/", "--api-url", "http://127.0.0.1:9"];

describe("commands load only what they use (tsc's output, a file per module)", () => {
  for (const args of CHEAP_COMMANDS)
    it(`ghpkg ${args.join(" ")} loads no GitHub client, sandbox, differ or schema compiler`, () => {
      const loaded = loadedModules(args, ROOT);
      assert.equal(loaded.status, 0);
      assert.deepEqual(
        loaded.packages.filter((name) => NETWORK_PACKAGES.test(name)),
        [],
      );
      const files = [...loaded.esm, ...loaded.commonjs];
      for (const pattern of NOT_AT_START)
        assert.deepEqual(
          files.filter((url) => pattern.test(url)),
          [],
        );
    });

  it("sees what a plan loads (the probe itself works)", () => {
    const loaded = loadedModules(PLAN_WITHOUT_TOKEN, ROOT);
    assert.equal(loaded.status, 1, "no token: refused before anything is sent");
    assert.ok(loaded.packages.includes("@octokit/rest"), loaded.packages.join(", "));
  });
});

describe("commands evaluate only what they use (the bundle users run, one file)", () => {
  const NOT_AT_START_BUNDLED = [/^dist\/src\/sandbox\//, /^dist\/src\/live\/client\.js$/];

  it("holds the GitHub client, the sandbox and the differ behind wrappers that run when needed", () => {
    const { lazy } = evaluatedModules(["--version"], ROOT);
    for (const expected of [
      /^node_modules\/@octokit\/rest\//,
      /^node_modules\/diff\//,
      ...NOT_AT_START_BUNDLED,
    ])
      assert.ok(
        lazy.some((path) => expected.test(path)),
        `no lazy module matches ${expected}`,
      );
  });

  for (const args of CHEAP_COMMANDS)
    it(`ghpkg ${args.join(" ")} evaluates no GitHub client, sandbox or differ`, () => {
      const run = evaluatedModules(args, ROOT);
      assert.equal(run.status, 0);
      assert.deepEqual(
        run.packages.filter((name) => NETWORK_PACKAGES.test(name)),
        [],
      );
      for (const pattern of NOT_AT_START_BUNDLED)
        assert.deepEqual(
          run.evaluated.filter((path) => pattern.test(path)),
          [],
        );
    });

  it("sees what a plan evaluates (the probe itself works)", () => {
    const run = evaluatedModules(PLAN_WITHOUT_TOKEN, ROOT);
    assert.equal(run.status, 1, "no token: refused before anything is sent");
    assert.ok(run.packages.includes("@octokit/rest"), run.packages.join(", "));
  });
});
