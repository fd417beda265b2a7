import { afterEach, describe, it } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { PlanJson as Plan } from "../../src/plan/json.js";
import { E2E_NOW } from "../helpers/e2e.js";
import { state } from "../helpers/sandbox.js";
import { at, world, type World } from "../helpers/world.js";

/**
 * GitHub compares logins and package names without regard to case, so ghpkg does too: a keep in one
 * file cannot be bypassed by a delete in another that writes the owner or the name differently.
 */
let w: World | undefined;
afterEach(() => w?.close());

const lib = () => [at(1, "1.0.0", 30), at(2, "2.0.0", 20), at(3, "3.0.0", 10)];

describe("owners and package names compare without regard to case", () => {
  it("a keep in a.yaml wins over a delete of OctoCat's lib in b.yaml: validate fails, apply changes nothing", async () => {
    w = await world(
      state([{ owner: "octocat", type: "npm", name: "lib", visibility: "public", versions: lib() }]),
    );
    writeFileSync(
      join(w.dir, "a.yaml"),
      "version: 1\nowner: octocat\npackages:\n  - type: npm\n    name: lib\n    keep:\n      - name: 2.0.0\n    unmatched: delete\n",
    );
    writeFileSync(
      join(w.dir, "b.yaml"),
      'version: 1\nowner: OctoCat\npackages:\n  - type: npm\n    name: LIB\n    delete:\n      - name: "*"\n',
    );
    const validate = await w.cli(["validate", "-f", "a.yaml", "-f", "b.yaml"]);
    assert.equal(validate.code, 1, validate.stdout);
    assert.equal(
      validate.stderr,
      "b.yaml:4:5: package OctoCat/npm/LIB is declared twice (owners and package names compare without regard to case); the other entry is at a.yaml:4:5\n1 problem in the spec; nothing was changed\n",
    );
    const apply = await w.cli([
      "apply",
      "-f",
      "a.yaml",
      "-f",
      "b.yaml",
      "--yes",
      "--write-interval",
      "0",
      "--now",
      E2E_NOW,
    ]);
    assert.equal(apply.code, 1);
    assert.deepEqual(w.sandbox.requests, [], "nothing is asked of GitHub");
    assert.deepEqual(w.active("octocat", "npm", "lib"), [1, 2, 3]);
  });

  it("a package pattern matches names whatever their case, and an exact entry wins whatever its case", async () => {
    w = await world(
      state([
        { owner: "octocat", type: "npm", name: "lib-a", visibility: "public", versions: lib() },
        { owner: "octocat", type: "npm", name: "lib-b", visibility: "public", versions: lib() },
      ]),
      [
        "version: 1",
        "owner: OCTOCAT",
        "packages:",
        "  - type: npm",
        "    name: LIB-*",
        "    delete:",
        "      - name: 1.0.0",
        "  - type: npm",
        "    name: Lib-B",
        "    keep:",
        '      - name: "*"',
        "",
      ].join("\n"),
    );
    const result = await w.cli(["plan", "--format", "json", "--now", E2E_NOW]);
    assert.equal(result.code, 0, result.stderr);
    const plan = JSON.parse(result.stdout) as Plan;
    assert.deepEqual(plan.patterns?.[0]?.matched, ["lib-a"]);
    assert.deepEqual(
      plan.operations.map((o) => [o.package_name, o.version_id]),
      [["lib-a", 1]],
    );
  });
});
