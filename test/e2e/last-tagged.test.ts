import { afterEach, describe, it } from "node:test";
import assert from "node:assert/strict";
import type { PlanJson } from "../../src/plan/json.js";
import { E2E_NOW } from "../helpers/e2e.js";
import { pkg, state } from "../helpers/sandbox.js";
import { imageVersion, platformImage } from "../helpers/images.js";
import { world, type World } from "../helpers/world.js";

let current: World | undefined;
afterEach(() => current?.close());

describe("the last tagged version of a container package", () => {
  it("is blocked at plan time, and apply sends nothing for it", async () => {
    // Images the registry serves: a manifest it could not read would hold every delete (fail closed).
    const now = Date.parse(E2E_NOW);
    const versions = [
      imageVersion(1, platformImage("one"), { tags: ["v1"], ageDays: 90, now }),
      imageVersion(2, platformImage("two"), { tags: ["v2"], ageDays: 60, now }),
      imageVersion(3, platformImage("three"), { ageDays: 30, now }),
      imageVersion(4, platformImage("four"), { ageDays: 10, now }),
    ];
    const w = (current = await world(
      state([pkg("container", "web", versions)]),
      `version: 1\nowner: octocat\npackages:\n  - type: container\n    name: web\n    delete:\n      - tag: "v*"\n`,
    ));
    const plan = await w.cli(["plan", "--format", "json", "--out", "plan.json", "--now", E2E_NOW]);
    assert.equal(plan.code, 0, plan.stderr);
    const json = JSON.parse(plan.stdout) as PlanJson;
    assert.deepEqual(
      json.operations.map((o) => o.version_id),
      [1],
    );
    assert.deepEqual(
      json.blocked.map((b) => [b.version_id, b.why]),
      [[2, "last tagged version of the package"]],
    );
    const text = await w.cli(["plan", "--now", E2E_NOW]);
    assert.match(
      text.stdout,
      /! blocked delete .*\[v2\][\s\S]*blocked: last tagged version of the package: GitHub refuses to delete it/,
    );

    const applied = await w.cli(["apply", "plan.json", "--yes", "--write-interval", "0", "--now", E2E_NOW]);
    assert.equal(applied.code, 0, applied.stdout + applied.stderr);
    assert.deepEqual(w.mutations(), ["DELETE /users/octocat/packages/container/web/versions/1"]);
    assert.deepEqual(w.active("octocat", "container", "web"), [2, 3, 4]);
  });
});
