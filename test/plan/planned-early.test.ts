import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { LivePackage } from "../../src/model/live.js";
import { packageKey } from "../../src/model/package.js";
import { planChanges, planPackageOf, type PackagePlan } from "../../src/plan/plan.js";
import { packageSpec } from "../helpers/spec.js";
import { NOW, version } from "../helpers/versions.js";

// plan (reconcile/plan.ts) plans a package without an image graph as soon as it is read; the plan
// must be the one planning everything at the end gives, and a part planned from anything else unused.
const npm = [
  packageSpec({ type: "npm", name: "b", keep: [{ newest: 1 }], unmatched: "delete" }),
  packageSpec({ type: "npm", name: "a", delete: [{ olderThan: "30d" }] }),
];
const live = (name: string): LivePackage => ({
  ref: { owner: "octocat", type: "npm", name },
  versions: [version(1, "1.0.0", 90), version(2, "1.1.0", 40), version(3, "1.2.0", 1)],
});

describe("a package planned as it is read", () => {
  it("gives the plan that planning at the end gives, and is used as it is", () => {
    const packages = [live("a"), live("b")];
    const early = new Map(
      npm.map((spec) => [
        packageKey(spec),
        planPackageOf(
          spec,
          packages.find((p) => p.ref.name === spec.name),
          NOW,
        ),
      ]),
    );
    const planned = planChanges(npm, packages, NOW, early);
    assert.deepEqual(planned, planChanges(npm, packages, NOW));
    // The very operations planned ahead (the same objects), not planned again.
    const ahead = [...early.values()].flatMap((part) => part.operations);
    assert.ok(ahead.length > 0);
    for (const op of ahead) assert.ok(planned.operations.includes(op));
  });

  it("is not used when it was planned from another listing or another spec", () => {
    const packages = [live("a"), live("b")];
    const reference = planChanges(npm, packages, NOW);
    // b from a copy of its listing (equal, but not the one planned from); a from a spec that deletes all.
    const deleteAll = packageSpec({ type: "npm", name: "a", unmatched: "delete" });
    const early = new Map<string, PackagePlan>([
      [packageKey(npm[0]!), planPackageOf(npm[0]!, { ...packages[1]! }, NOW)],
      [packageKey(deleteAll), planPackageOf(deleteAll, packages[0], NOW)],
    ]);
    const planned = planChanges(npm, packages, NOW, early);
    assert.deepEqual(planned, reference);
    for (const part of early.values()) {
      assert.ok(part.operations.length > 0);
      for (const op of part.operations) assert.ok(!planned.operations.includes(op));
    }
  });
});
