import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { planChanges, WHY_LAST, WHY_LAST_TAGGED, WHY_TOO_OLD } from "../../src/plan/plan.js";
import type { PackageVersion } from "../../src/model/version.js";
import type { SelectorSpec } from "../../src/select/selector.js";
import type { PackageSpec } from "../../src/spec/types.js";
import { packageSpec } from "../helpers/spec.js";
import { NOW, version } from "../helpers/versions.js";

function plan(spec: PackageSpec, versions: PackageVersion[]) {
  return planChanges([spec], [{ ref: spec, versions }], NOW);
}
const ids = (ops: readonly { version: { id: number } }[]) => ops.map((o) => o.version.id);
const deletes = (spec: PackageSpec, versions: PackageVersion[]) =>
  ids(plan(spec, versions).operations.filter((o) => o.action === "delete"));

const images = [
  version(1, "sha256:a", 200, { tags: ["v1.0.0"] }),
  version(2, "sha256:b", 100, { tags: ["v1.1.0"] }),
  version(3, "sha256:c", 50, { tags: ["v1.2.0", "latest"] }),
  version(4, "sha256:d", 40, { tags: [] }),
  version(5, "sha256:e", 10, { tags: [] }),
  version(6, "sha256:f", 5, { tags: ["pr-7"] }),
];

describe("what each version should be", () => {
  const cases: [
    string,
    { keep?: SelectorSpec[]; delete?: SelectorSpec[]; unmatched?: "ignore" | "delete" },
    number[],
  ][] = [
    ["a delete rule deletes what it matches", { delete: [{ olderThan: "30d" }] }, [1, 2, 3, 4]],
    ["keep wins over delete", { keep: [{ tag: "latest" }], delete: [{ olderThan: "30d" }] }, [1, 2, 4]],
    ["unmatched: ignore leaves the rest", { keep: [{ tag: "v*" }] }, []],
    [
      "unmatched: delete deletes what no rule matches",
      { keep: [{ tag: "v*" }], unmatched: "delete" },
      [4, 5, 6],
    ],
    [
      "delete beats unmatched",
      { keep: [{ untagged: false }], delete: [{ untagged: true }], unmatched: "ignore" },
      [4, 5],
    ],
    [
      "newest N keeps the N most recent of those the other fields match",
      { keep: [{ tag: "v*", newest: 2 }], delete: [{ tag: "v*" }] },
      [1],
    ],
    ["selector fields AND", { delete: [{ untagged: true, olderThan: "20d" }] }, [4]],
    ["selector lists OR", { delete: [{ tag: "pr-*" }, { name: "sha256:a" }] }, [1, 6]],
    ["a regex tag", { delete: [{ tag: "/V1\\.[01]\\.0/i" }] }, [1, 2]],
    ["ids", { delete: [{ id: [2, 5] }] }, [2, 5]],
    ["newerThan protects the recent", { keep: [{ newerThan: "14d" }], unmatched: "delete" }, [1, 2, 3, 4]],
  ];
  for (const [title, rules, expected] of cases)
    it(title, () => assert.deepEqual(deletes(packageSpec(rules), images), expected));

  it("newest breaks ties in created_at by the higher id", () => {
    const same = [version(10, "a", 5), version(11, "b", 5), version(12, "c", 5)];
    const spec = packageSpec({ type: "npm", keep: [{ name: "*", newest: 1 }], unmatched: "delete" });
    assert.deepEqual(deletes(spec, same), [10, 11]);
  });

  it("semver and prerelease follow npm's semver.satisfies; names that are not versions match neither", () => {
    const npm = [
      version(1, "1.0.0", 9),
      version(2, "2.0.0-rc.1", 8),
      version(3, "v2.1.0", 7),
      version(4, "nightly", 6),
    ];
    assert.deepEqual(deletes(packageSpec({ type: "npm", delete: [{ semver: ">=2.0.0" }] }), npm), [3]);
    assert.deepEqual(
      deletes(packageSpec({ type: "npm", delete: [{ semver: ">=2.0.0-rc.0" }] }), npm),
      [2, 3],
    );
    assert.deepEqual(deletes(packageSpec({ type: "npm", delete: [{ prerelease: true }] }), npm), [2]);
    assert.deepEqual(deletes(packageSpec({ type: "npm", delete: [{ prerelease: false }] }), npm), [1, 3]);
  });

  it("each operation names the rule that decided", () => {
    const spec = packageSpec({
      delete: [{ tag: "pr-*" }, { untagged: true, olderThan: "7d" }],
      unmatched: "delete",
      keep: [{ tag: "latest" }],
    });
    const reasons = Object.fromEntries(plan(spec, images).operations.map((o) => [o.version.id, o.reason]));
    assert.deepEqual(reasons, {
      1: "unmatched: delete",
      2: "unmatched: delete",
      4: "delete[1]: untagged, older than 7d",
      5: "delete[1]: untagged, older than 7d",
      6: "delete[0]: tag pr-*",
    });
  });
});

describe("restores are deliberate", () => {
  const npm = [
    version(1, "1.4.2", 200, { deletedDaysAgo: 5 }),
    version(2, "2.0.0", 100),
    version(3, "2.1.0", 50),
  ];
  const restores = (keep: SelectorSpec[]) =>
    ids(plan(packageSpec({ type: "npm", keep }), npm).operations.filter((o) => o.action === "restore"));

  it("a keep naming the version exactly restores it: by name, by id", () => {
    assert.deepEqual(restores([{ name: "1.4.2" }]), [1]);
    assert.deepEqual(restores([{ id: 1 }]), [1]);
  });

  it("a glob, a regex, a range or a second field restores nothing", () => {
    for (const keep of [
      [{ name: "1.4.*" }],
      [{ name: "/1\\.4\\.2/" }],
      [{ semver: "1.4.2" }],
      [{ name: "1.4.2", olderThan: "1d" }],
      [{ newerThan: "999d" }],
    ])
      assert.deepEqual(restores(keep), [], JSON.stringify(keep));
  });

  it("a tag restores only a container version that had that exact tag", () => {
    const gone = [
      version(1, "sha256:a", 20, { tags: ["v1"], deletedDaysAgo: 2 }),
      version(2, "sha256:b", 10),
    ];
    const spec = packageSpec({ keep: [{ tag: "v1" }] });
    assert.deepEqual(ids(plan(spec, gone).operations), [1]);
  });

  it("deleted versions take no place in a newest ranking and are never deleted again", () => {
    const spec = packageSpec({ type: "npm", keep: [{ semver: "*", newest: 1 }], delete: [{ semver: "*" }] });
    const list = [
      version(1, "3.0.0", 1, { deletedDaysAgo: 1 }),
      version(2, "2.0.0", 10),
      version(3, "1.0.0", 20),
    ];
    assert.deepEqual(
      plan(spec, list).operations.map((o) => [o.action, o.version.id]),
      [["delete", 3]],
    );
  });

  it("a restore of a version deleted more than 30 days ago is blocked, with the reason", () => {
    const old = [version(1, "1.4.2", 200, { deletedDaysAgo: 31 }), version(2, "2.0.0", 100)];
    const result = plan(packageSpec({ type: "npm", keep: [{ name: "1.4.2" }] }), old);
    assert.deepEqual(result.operations, []);
    assert.deepEqual(
      result.blocked.map((b) => [b.action, b.version.id, b.why]),
      [["restore", 1, WHY_TOO_OLD]],
    );
    assert.equal(result.summary.blocked, 1);
  });
});

describe("never the last active version", () => {
  it("blocks the delete of the newest active version (ties by id) and lets the others go", () => {
    const list = [
      version(1, "1.0.0", 30),
      version(2, "2.0.0", 10),
      version(3, "3.0.0", 10),
      version(4, "0.1.0", 5, { deletedDaysAgo: 1 }),
    ];
    const result = plan(packageSpec({ type: "npm", delete: [{ name: "*" }] }), list);
    assert.deepEqual(ids(result.operations), [1, 2]);
    assert.deepEqual(
      result.blocked.map((b) => [b.version.id, b.why]),
      [[3, "last active version of the package"]],
    );
    assert.equal(WHY_LAST, "last active version of the package", "CONTRACT section 4, word for word");
    assert.deepEqual(result.summary, { delete: 2, restore: 0, blocked: 1, unchanged: 0, bytesFreed: null });
  });

  it("is not needed when a restore leaves a version standing", () => {
    const list = [version(1, "1.0.0", 30), version(2, "2.0.0", 10, { deletedDaysAgo: 1 })];
    const result = plan(
      packageSpec({ type: "npm", keep: [{ name: "2.0.0" }], delete: [{ name: "1.0.0" }] }),
      list,
    );
    assert.deepEqual(
      result.operations.map((o) => [o.action, o.version.id]),
      [
        ["delete", 1],
        ["restore", 2],
      ],
    );
    assert.deepEqual(result.blocked, []);
  });
});

describe("the plan as data", () => {
  it("counts unchanged active versions and sorts by owner, type, name, action, id", () => {
    const web = packageSpec({ name: "web", delete: [{ untagged: true }] });
    const lib = packageSpec({
      type: "npm",
      name: "lib",
      keep: [{ name: "1.0.0" }],
      delete: [{ name: "0.*" }],
    });
    const libVersions = [
      version(9, "0.9.0", 50),
      version(8, "0.8.0", 60),
      version(7, "1.0.0", 70, { deletedDaysAgo: 2 }),
    ];
    const result = planChanges(
      [web, lib],
      [
        { ref: web, versions: images },
        { ref: lib, versions: libVersions },
      ],
      NOW,
    );
    assert.deepEqual(
      result.operations.map((o) => `${o.ref.type}/${o.ref.name} ${o.action} ${o.version.id}`),
      [
        "container/web delete 4",
        "container/web delete 5",
        "npm/lib delete 8",
        "npm/lib delete 9",
        "npm/lib restore 7",
      ],
    );
    assert.deepEqual(result.summary, { delete: 4, restore: 1, blocked: 0, unchanged: 4, bytesFreed: null });
    assert.deepEqual(
      result.packages.map((p) => [p.ref.name, p.active, p.deleted, p.unchanged]),
      [
        ["web", 6, 0, 4],
        ["lib", 2, 1, 0],
      ],
    );
  });

  it("a package that does not exist yet plans nothing", () => {
    const result = plan(packageSpec({ delete: [{ untagged: true }] }), []);
    assert.deepEqual(result.summary, { delete: 0, restore: 0, blocked: 0, unchanged: 0, bytesFreed: null });
  });
});

describe("the last tagged version of a container package", () => {
  const web = (rules: Parameters<typeof packageSpec>[0]) =>
    packageSpec({ type: "container", name: "web", ...rules });
  const run = (spec: ReturnType<typeof web>, list: PackageVersion[]) =>
    planChanges([spec], [{ ref: spec, versions: list }], NOW);

  it("blocks the delete of the newest tagged version when none would be left, and deletes the rest", () => {
    const list = [
      version(1, "sha256:a", 30, { tags: ["v1"] }),
      version(2, "sha256:b", 20, { tags: ["v2"] }),
      version(3, "sha256:c", 10),
    ];
    const result = run(web({ delete: [{ tag: "v*" }] }), list);
    assert.deepEqual(
      result.blocked.map((b) => [b.version.id, b.why]),
      [[2, WHY_LAST_TAGGED]],
    );
    assert.deepEqual(
      result.operations.map((o) => o.version.id),
      [1],
    );
    assert.equal(result.summary.unchanged, 1);
  });

  it("ties by created_at go to the higher id", () => {
    const list = [
      version(5, "sha256:a", 10, { tags: ["v1"] }),
      version(6, "sha256:b", 10, { tags: ["v2"] }),
      version(7, "sha256:c", 1),
    ];
    const result = run(web({ delete: [{ untagged: false }] }), list);
    assert.deepEqual(
      result.blocked.map((b) => b.version.id),
      [6],
    );
  });

  it("is applied before the last-active rule, which then blocks nothing more", () => {
    const list = [version(1, "sha256:a", 30, { tags: ["v1"] }), version(2, "sha256:b", 20)];
    const result = run(web({ unmatched: "delete" }), list);
    assert.deepEqual(
      result.blocked.map((b) => [b.version.id, b.why]),
      [[1, WHY_LAST_TAGGED]],
    );
    assert.deepEqual(
      result.operations.map((o) => o.version.id),
      [2],
    );
  });

  it("blocks nothing when a tagged version stays, is restored, or the package is not a container", () => {
    const list = [
      version(1, "sha256:a", 30, { tags: ["v1"] }),
      version(2, "sha256:b", 20, { tags: ["latest"] }),
    ];
    assert.deepEqual(run(web({ delete: [{ tag: "v1" }] }), list).blocked, []);
    const restoring = [...list.slice(0, 1), version(3, "sha256:c", 40, { tags: ["v0"], deletedDaysAgo: 2 })];
    const restored = run(web({ keep: [{ id: 3 }], delete: [{ tag: "v1" }] }), restoring);
    assert.deepEqual(restored.blocked, []);
    assert.deepEqual(
      restored.operations.map((o) => [o.action, o.version.id]),
      [
        ["delete", 1],
        ["restore", 3],
      ],
    );
    const docker = packageSpec({ type: "docker", name: "old", delete: [{ tag: "v1" }] });
    const dockerList = [version(1, "1", 30, { tags: ["v1"] }), version(2, "2", 20)];
    assert.deepEqual(planChanges([docker], [{ ref: docker, versions: dockerList }], NOW).blocked, []);
  });
});

describe("packages of a pattern entry", () => {
  it("name the entry in every reason; exact entries' reasons are as before", () => {
    const list = [version(1, "1.0.0", 30), version(2, "2.0.0", 1)];
    const fromPattern: PackageSpec = {
      ...packageSpec({ type: "npm", name: "lib-a", delete: [{ olderThan: "7d" }] }),
      entry: "packages[2] (lib-*)",
    };
    const exact = packageSpec({ type: "npm", name: "lib-b", delete: [{ olderThan: "7d" }] });
    const result = planChanges(
      [fromPattern, exact],
      [
        { ref: fromPattern, versions: list },
        { ref: exact, versions: list },
      ],
      NOW,
    );
    assert.deepEqual(
      result.operations.map((o) => `${o.ref.name}: ${o.reason}`),
      ["lib-a: packages[2] (lib-*): delete[0]: older than 7d", "lib-b: delete[0]: older than 7d"],
    );
  });
});
