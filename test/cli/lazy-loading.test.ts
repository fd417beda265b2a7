import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { BUNDLED_CLI, CLI, loadedModules } from "../../scripts/loaded-modules.js";
import { ROOT } from "../helpers/cli.js";

// Start-up is paid on every run: a command loads what it uses, and nothing for GitHub unless it talks to it.
const NETWORK_PACKAGES = /^(@octokit\/|bottleneck$|p-limit$|json-with-bigint$|diff$)/;
const NOT_AT_START = [/\/dist\/src\/sandbox\//, /\/dist\/src\/live\/client\.js$/, /\/ajv\/dist\/compile\//];
const CHEAP_COMMANDS = [["--version"], ["--help"], ["plan", "--help"], ["validate", "-f", "examples/"]];

for (const [build, cli] of [
  ["tsc's output", CLI],
  ["the bundle", BUNDLED_CLI],
] as const)
  describe(`commands load only what they use (${build})`, () => {
    for (const args of CHEAP_COMMANDS)
      it(`ghpkg ${args.join(" ")} loads no GitHub client, sandbox, differ or schema compiler`, () => {
        const loaded = loadedModules(args, ROOT, cli);
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
      const loaded = loadedModules(["plan", "-f", "examples/", "--api-url", "http://127.0.0.1:9"], ROOT, cli);
      assert.equal(loaded.status, 1, "no token: refused before anything is sent");
      assert.ok(loaded.packages.includes("@octokit/rest"), loaded.packages.join(", "));
    });
  });
