import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { packagesNeedingGraphs } from "../../src/plan/needs.js";
import { planChanges, WHY_LAST_TAGGED } from "../../src/plan/plan.js";
import type { ImageGraph } from "../../src/model/live.js";
import type { PackageVersion } from "../../src/model/version.js";
import type { SelectorSpec } from "../../src/select/selector.js";
import { packageSpec } from "../helpers/spec.js";
import { NOW, version } from "../helpers/versions.js";

const graph = (edges: Record<string, string[]>, unreadable?: string): ImageGraph => ({
  children: new Map(Object.entries(edges)),
  unreadable,
});

function plan(
  rules: { keep?: SelectorSpec[]; delete?: SelectorSpec[] },
  versions: PackageVersion[],
  g: ImageGraph,
) {
  const spec = packageSpec(rules);
  return planChanges([spec], [{ ref: spec, versions, graph: g }], NOW);
}
const summary = (result: ReturnType<typeof plan>) =>
  result.operations.map((o) => `${o.version.id}${o.parentId ? `<${o.parentId}` : ""} ${o.reason}`);

// An index (1) tagged v1 with two platform images (2, 3), all 40 days old.
const index = version(1, "sha256:index1", 40, { tags: ["v1"] });
const amd = version(2, "sha256:amd", 40);
const arm = version(3, "sha256:arm", 40);
const edges = { "sha256:index1": ["sha256:amd", "sha256:arm"] };

describe("children follow their parents", () => {
  it("a kept image keeps its untagged children, whatever the rules say", () => {
    const result = plan({ delete: [{ untagged: true }] }, [index, amd, arm], graph(edges));
    assert.deepEqual(result.operations, []);
    assert.equal(result.packages[0]?.childrenKept, 2);
  });

  it("a deleted image takes its children with it, shown under it", () => {
    const result = plan(
      { delete: [{ tag: "v1" }] },
      [index, amd, arm, version(9, "sha256:other", 1, { tags: ["v2"] })],
      graph(edges),
    );
    assert.deepEqual(summary(result), ["1 delete[0]: tag v1", "2<1 child of v1", "3<1 child of v1"]);
  });

  it("a child shared with an image that stays is kept", () => {
    const index2 = version(4, "sha256:index2", 10, { tags: ["v2"] });
    const result = plan(
      { delete: [{ tag: "v1" }] },
      [index, amd, arm, index2],
      graph({ ...edges, "sha256:index2": ["sha256:arm"] }),
    );
    assert.deepEqual(summary(result), ["1 delete[0]: tag v1", "2<1 child of v1"]);
  });

  it("a child a keep selector matches stays when its image goes", () => {
    // v2 stays, so v1 is not the last tagged version (which GitHub would refuse to delete).
    const v2 = version(9, "sha256:other", 1, { tags: ["v2"] });
    const result = plan({ keep: [{ id: 3 }], delete: [{ tag: "v1" }] }, [index, amd, arm, v2], graph(edges));
    assert.deepEqual(summary(result), ["1 delete[0]: tag v1", "2<1 child of v1"]);
  });

  it("reaches down nested indexes both ways", () => {
    const inner = version(5, "sha256:inner", 40);
    const leaf = version(6, "sha256:leaf", 40);
    const nested = { "sha256:index1": ["sha256:inner"], "sha256:inner": ["sha256:leaf"] };
    assert.deepEqual(
      plan({ delete: [{ untagged: true }] }, [index, inner, leaf], graph(nested)).operations,
      [],
    );
    assert.deepEqual(
      summary(
        plan(
          { delete: [{ tag: "v1" }] },
          [index, inner, leaf, version(9, "x", 1, { tags: ["v9"] })],
          graph(nested),
        ),
      ),
      ["1 delete[0]: tag v1", "5<1 child of v1", "6<5 child of sha256:inner"],
    );
  });

  it("an index the plan restores keeps the platform images it lists", () => {
    // Regression: only active versions protected children, so restoring v1 and deleting untagged
    // versions in one plan left the restored index listing images that were gone.
    const deletedIndex = version(1, "sha256:index1", 40, { tags: ["v1"], deletedDaysAgo: 2 });
    const result = plan(
      { keep: [{ tag: "v1" }], delete: [{ untagged: true }] },
      [deletedIndex, amd, arm, version(4, "sha256:loose", 40), version(5, "x", 1, { tags: ["new"] })],
      graph(edges),
    );
    assert.deepEqual(
      result.operations.map((o) => `${o.action} ${o.version.id}`),
      ["delete 4", "restore 1"],
    );
    assert.equal(result.packages[0]?.childrenKept, 2);
  });

  it("an index whose restore is blocked (deleted over 30 days ago) keeps nothing: it stays deleted", () => {
    // Regression, found by test/reference/differential.test.ts: the blocked restore counted as an
    // image that stays, so the untagged images it lists were kept though the rules delete them.
    const oldIndex = version(1, "sha256:index1", 40, { tags: ["v1"], deletedDaysAgo: 45 });
    const result = plan(
      { keep: [{ tag: "v1" }], delete: [{ untagged: true }] },
      [oldIndex, amd, arm, version(5, "x", 1, { tags: ["new"] })],
      graph(edges),
    );
    assert.deepEqual(
      result.operations.map((o) => `${o.action} ${o.version.id}`),
      ["delete 2", "delete 3"],
    );
    assert.deepEqual(
      result.blocked.map((b) => `${b.action} ${b.version.id}`),
      ["restore 1"],
    );
    assert.equal(result.packages[0]?.childrenKept, 0);
  });

  it("reads no manifest of an index whose restore is blocked: what it lists does not matter", () => {
    // Regression, found by test/reference/differential.test.ts: the blocked restore's manifest was
    // read, a download for nothing, and when it could not be read every untagged delete was blocked.
    const spec = packageSpec({ keep: [{ tag: "v1" }], delete: [{ untagged: true }] });
    const oldIndex = version(1, "sha256:index1", 40, { tags: ["v1"], deletedDaysAgo: 45 });
    const versions = [oldIndex, amd, arm, version(5, "x", 1, { tags: ["new"] })];
    const needs = packagesNeedingGraphs([spec], [{ ref: spec, versions }], NOW);
    assert.deepEqual(needs.get("octocat/container/web"), []);
  });

  it("an image held because a manifest is unreadable keeps its tagged signature", () => {
    // Regression: the fail-closed rule held the image but still deleted the cosign signature about it.
    // Every delete of the package is held now, the signature's own too.
    const hex = "a".repeat(64);
    const image = version(10, `sha256:${hex}`, 40);
    const signature = version(11, `sha256:${"b".repeat(64)}`, 40, { tags: [`sha256-${hex}.sig`] });
    const result = plan(
      { delete: [{ olderThan: "30d" }] },
      [image, signature, version(12, "x", 1, { tags: ["new"] })],
      graph({ [`sha256:${hex}`]: [`sha256:${"b".repeat(64)}`] }, "the manifest of x could not be read: 500"),
    );
    assert.deepEqual(summary(result), []);
    assert.deepEqual(
      result.blocked.map((b) => b.version.id),
      [10, 11],
    );
  });

  it("unreadable manifests block every delete of the package, tagged ones too", () => {
    const loose = version(7, "sha256:loose", 40);
    const old = version(8, "sha256:old", 40, { tags: ["old"] });
    const result = plan(
      { delete: [{ olderThan: "30d" }] },
      [loose, old, version(9, "x", 1, { tags: ["new"] })],
      graph({}, "the manifest of sha256:loose could not be read: 500"),
    );
    assert.deepEqual(summary(result), []);
    const why =
      "the manifest of sha256:loose could not be read: 500; no version of this package is deleted while its images' children are unknown";
    assert.deepEqual(
      result.blocked.map((b) => [b.version.id, b.why]),
      [
        [7, why],
        [8, why],
      ],
    );
    assert.equal(result.summary.unchanged, 1);
  });

  it("never makes a cycle of parents, even from a graph that has one", () => {
    const a = version(1, "sha256:a", 40, { tags: ["a"] });
    const b = version(2, "sha256:b", 40);
    const result = plan(
      { delete: [{ olderThan: "30d" }] },
      [a, b, version(3, "x", 1, { tags: ["keep"] })],
      graph({ "sha256:a": ["sha256:b"], "sha256:b": ["sha256:a"] }),
    );
    const parents = new Map(result.operations.map((o) => [o.version.id, o.parentId]));
    assert.ok(!(parents.get(1) === 2 && parents.get(2) === 1));
    assert.equal(result.operations.length, 2);
  });
});

describe("children property", () => {
  it("after any plan, no version that stays active refers to a deleted one", async () => {
    const fc = (await import("fast-check")).default;
    const rules: SelectorSpec[] = [
      { untagged: true },
      { olderThan: "20d" },
      { tag: "old" },
      { id: 3 },
      { newerThan: "5d" },
    ];
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 12 }).chain((n) =>
          fc.record({
            versions: fc.tuple(
              ...Array.from({ length: n }, (_, i) =>
                fc
                  .record({
                    age: fc.integer({ min: 0, max: 40 }),
                    tag: fc.constantFrom(undefined, "old", "new"),
                  })
                  .map(({ age, tag }) => version(i + 1, `sha256:${i + 1}`, age, { tags: tag ? [tag] : [] })),
              ),
            ),
            edges: fc.array(fc.tuple(fc.integer({ min: 1, max: n }), fc.integer({ min: 1, max: n })), {
              maxLength: 2 * n,
            }),
            keep: fc.subarray(rules, { maxLength: 2 }),
            remove: fc.subarray(rules, { maxLength: 2 }),
            // Some manifest unread: every delete is held, and what refers to them must stay too.
            unreadable: fc.constantFrom(undefined, "the manifest of sha256:1 could not be read: 500"),
          }),
        ),
        ({ versions, edges, keep, remove, unreadable }) => {
          const children: Record<string, string[]> = {};
          // Parents point at older ids only: an image lists what existed before it, so the graph is a DAG.
          for (const [a, b] of edges) if (a > b) (children[`sha256:${a}`] ??= []).push(`sha256:${b}`);
          const result = plan({ keep, delete: remove }, versions, graph(children, unreadable));
          const deleted = new Set(result.operations.map((o) => o.version.id));
          if (unreadable !== undefined) assert.deepEqual([...deleted], [], "fail closed: nothing deleted");
          for (const [parent, list] of Object.entries(children)) {
            if (deleted.has(Number(parent.slice(7)))) continue;
            for (const child of list)
              assert.ok(!deleted.has(Number(child.slice(7))), `${child} deleted while ${parent} stays`);
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe("the last tagged version keeps its children", () => {
  it("an index GitHub will not delete (the last tagged one) keeps its platform images", () => {
    const loose = version(9, "sha256:loose", 40);
    const result = plan({ delete: [{ olderThan: "7d" }] }, [index, amd, arm, loose], graph(edges));
    assert.deepEqual(
      result.blocked.map((b) => [b.version.id, b.why]),
      [[1, WHY_LAST_TAGGED]],
    );
    assert.deepEqual(summary(result), ["9 delete[0]: older than 7d"]);
    assert.equal(result.packages[0]?.childrenKept, 2);
  });
});
