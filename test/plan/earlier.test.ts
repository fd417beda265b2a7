import { describe, it } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import type { DeletedParent, ImageGraph } from "../../src/model/live.js";
import type { PackageVersion } from "../../src/model/version.js";
import { desiredState } from "../../src/plan/desired.js";
import { planChanges } from "../../src/plan/plan.js";
import type { SelectorSpec } from "../../src/select/selector.js";
import { packageSpec } from "../helpers/spec.js";
import { NOW, version } from "../helpers/versions.js";

/** Index 1 [v1] was deleted by an earlier run that stopped before its platform images 2 and 3. */
const index = version(1, "sha256:index1", 40, { tags: ["v1"], deletedDaysAgo: 1 });
const amd = version(2, "sha256:amd", 40);
const arm = version(3, "sha256:arm", 40);
const latest = version(9, "sha256:latest", 1, { tags: ["latest"] });
const deletedEarlier = (parent: PackageVersion, childIds: number[] = []): DeletedParent => ({
  version: parent,
  childIds,
});

function plan(
  rules: { keep?: SelectorSpec[]; delete?: SelectorSpec[] },
  versions: PackageVersion[],
  edges: Record<string, string[]>,
  parents: DeletedParent[],
  unreadable?: string,
) {
  const spec = packageSpec(rules);
  const graph: ImageGraph = { children: new Map(Object.entries(edges)), unreadable, deletedParents: parents };
  return planChanges([spec], [{ ref: spec, versions, graph }], NOW);
}
const summary = (result: ReturnType<typeof plan>) =>
  result.operations.map((o) => `${o.version.id}${o.parentId ? `<${o.parentId}` : ""} ${o.reason}`);

describe("finishing what an earlier run started", () => {
  it("deletes the children an image deleted earlier left behind, under it", () => {
    const result = plan({}, [index, amd, arm, latest], { "sha256:index1": ["sha256:amd", "sha256:arm"] }, [
      deletedEarlier(index),
    ]);
    assert.deepEqual(summary(result), [
      "2<1 child of v1 (deleted earlier)",
      "3<1 child of v1 (deleted earlier)",
    ]);
  });

  it("names a parent without tags by its short digest, and knows children from the journal alone", () => {
    const untaggedIndex = version(4, `sha256:${"ab".repeat(32)}`, 40, { deletedDaysAgo: 1 });
    const result = plan({}, [untaggedIndex, amd, latest], {}, [deletedEarlier(untaggedIndex, [2])]);
    assert.deepEqual(summary(result), ["2<4 child of sha256:abababababab… (deleted earlier)"]);
  });

  it("keeps a child a keep matches, and one an active image still lists", () => {
    const v2 = version(5, "sha256:index2", 10, { tags: ["v2"] });
    const result = plan(
      { keep: [{ id: 2 }] },
      [index, amd, arm, v2, latest],
      { "sha256:index1": ["sha256:amd", "sha256:arm"], "sha256:index2": ["sha256:arm"] },
      [deletedEarlier(index)],
    );
    assert.deepEqual(summary(result), []);
    assert.equal(result.summary.unchanged, 4);
  });

  it("a child a rule deletes keeps the rule's reason", () => {
    const result = plan(
      { delete: [{ untagged: true }] },
      [index, amd, latest],
      { "sha256:index1": ["sha256:amd"] },
      [deletedEarlier(index)],
    );
    assert.deepEqual(summary(result), ["2 delete[0]: untagged"]);
  });

  it("reaches down a nested index left behind", () => {
    const inner = version(6, "sha256:inner", 40);
    const leaf = version(7, "sha256:leaf", 40);
    const result = plan(
      {},
      [index, inner, leaf, latest],
      { "sha256:index1": ["sha256:inner"], "sha256:inner": ["sha256:leaf"] },
      [deletedEarlier(index)],
    );
    assert.deepEqual(summary(result), ["6<1 child of v1 (deleted earlier)", "7<6 child of sha256:inner"]);
  });

  it("leaves the children of a parent restored since to the usual rules", () => {
    const restored = { ...index, state: "active" as const, deletedAt: null };
    const result = plan({}, [restored, amd, latest], { "sha256:index1": ["sha256:amd"] }, [
      deletedEarlier(index),
    ]);
    assert.deepEqual(summary(result), []);
  });

  it("fails closed when the deleted parent's manifest cannot be read", () => {
    const result = plan(
      {},
      [index, amd, latest],
      {},
      [deletedEarlier(index, [2])],
      "the manifest of sha256:index1 could not be read",
    );
    assert.deepEqual(summary(result), []);
    assert.deepEqual(
      result.blocked.map((b) => b.version.id),
      [2],
    );
  });
});

describe("finishing earlier runs: properties", () => {
  const rules: SelectorSpec[] = [
    { untagged: true },
    { tag: "old" },
    { id: 3 },
    { newerThan: "5d" },
    { olderThan: "20d" },
  ];
  it("never deletes what a keep matches or what an active version refers to", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 10 }).chain((n) =>
          fc.record({
            versions: fc.tuple(
              ...Array.from({ length: n }, (_, i) =>
                fc
                  .record({
                    age: fc.integer({ min: 0, max: 40 }),
                    tag: fc.constantFrom(undefined, "old", "new"),
                    deleted: fc.boolean(),
                  })
                  .map(({ age, tag, deleted }) =>
                    version(i + 1, `sha256:${i + 1}`, age, {
                      tags: tag ? [tag] : [],
                      ...(deleted ? { deletedDaysAgo: 1 } : {}),
                    }),
                  ),
              ),
            ),
            edges: fc.array(fc.tuple(fc.integer({ min: 1, max: n }), fc.integer({ min: 1, max: n })), {
              maxLength: 2 * n,
            }),
            journalChildren: fc.array(
              fc.tuple(fc.integer({ min: 1, max: n }), fc.integer({ min: 1, max: n })),
              {
                maxLength: n,
              },
            ),
            keep: fc.subarray(rules, { maxLength: 2 }),
            remove: fc.subarray(rules, { maxLength: 2 }),
          }),
        ),
        ({ versions, edges, journalChildren, keep, remove }) => {
          const children: Record<string, string[]> = {};
          for (const [a, b] of edges) if (a > b) (children[`sha256:${a}`] ??= []).push(`sha256:${b}`);
          const parents = versions
            .filter((v) => v.state === "deleted")
            .map((v) =>
              deletedEarlier(
                v,
                journalChildren.filter(([p]) => p === v.id).map(([, c]) => c),
              ),
            );
          const result = plan({ keep, delete: remove }, versions, children, parents);
          const deleted = new Set(
            result.operations.filter((o) => o.action === "delete").map((o) => o.version.id),
          );
          const kept = desiredState(packageSpec({ keep, delete: remove }), versions, NOW).filter(
            (d) => d.want === "present",
          );
          for (const d of kept) assert.ok(!deleted.has(d.version.id), `keep matched ${d.version.id}`);
          const active = versions.filter((v) => v.state === "active" && !deleted.has(v.id));
          for (const parent of active)
            for (const child of children[parent.name] ?? [])
              assert.ok(!deleted.has(Number(child.slice(7))), `${child} deleted while ${parent.name} stays`);
          for (const op of result.operations.filter((o) => o.reason.endsWith("(deleted earlier)")))
            assert.ok(
              parents.some((p) => p.version.id === op.parentId),
              `${op.version.id} goes only under a parent deleted earlier`,
            );
        },
      ),
      { numRuns: 500 },
    );
  });
});
