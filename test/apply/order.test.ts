import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { applyOperations } from "../../src/apply/apply.js";
import { openJournal } from "../../src/journal/journal.js";
import { schedule } from "../../src/apply/order.js";
import type { Operation } from "../../src/plan/types.js";
import { memorySource } from "../helpers/memory-source.js";
import { NOW, version } from "../helpers/versions.js";

const WEB = { owner: "octocat", type: "container", name: "web" } as const;
const LIB = { owner: "octocat", type: "npm", name: "lib" } as const;

/** A delete of version `id`, listed by `parents` (all deleted by the same plan). */
const del = (id: number, parents: number[] = [], ref: Operation["ref"] = WEB): Operation => ({
  action: "delete",
  ref,
  version: version(id, `v${id}`, 60),
  reason: "test",
  ...(parents[0] === undefined ? {} : { parentId: parents[0] }),
  ...(parents.length > 1 ? { parentIds: parents } : {}),
});
/** A restore of version `id`, a child of `parents` (images restored by the same plan, after it). */
const restore = (id: number, ref: Operation["ref"] = WEB, parents: number[] = []): Operation => ({
  action: "restore",
  ref,
  version: version(id, `v${id}`, 60, { deletedDaysAgo: 1 }),
  reason: "test",
  ...(parents[0] === undefined ? {} : { parentId: parents[0] }),
  ...(parents.length > 1 ? { parentIds: parents } : {}),
});

/** Applies operations to an in-memory GitHub holding their versions (plus one that stays). */
async function run(operations: Operation[], failing: number[] = [], concurrency = 4) {
  const refs = [WEB, LIB];
  const source = memorySource(
    refs.map((ref) => ({
      ref,
      versions: [
        version(ref === WEB ? 1000 : 2000, "stays", 1),
        ...operations.filter((o) => o.ref === ref).map((o) => o.version),
      ],
    })),
    "octocat",
    () => NOW,
  );
  for (const id of failing) source.refuse(id, 400, "refused");
  const journal = openJournal(join(mkdtempSync(join(tmpdir(), "ghpkg-order-")), "journal.jsonl"), "run");
  const outcome = await applyOperations(source, operations, journal, { concurrency, writeIntervalMs: 0 });
  journal.close();
  return { source, ...outcome };
}

const outcomeOf = (results: Awaited<ReturnType<typeof run>>["results"], id: number) =>
  results.find((r) => r.operation.version.id === id)?.outcome;

/**
 * A random DAG of up to 14 versions, each listed by any of the lower ids (its parents), with the ids
 * whose operation fails and a concurrency.
 */
const randomDag = fc
  .integer({ min: 1, max: 14 })
  .chain((n) =>
    fc.tuple(
      fc.tuple(
        ...Array.from({ length: n }, (_, i) => fc.subarray(Array.from({ length: i }, (_, j) => j + 1))),
      ),
      fc.subarray(Array.from({ length: n }, (_, i) => i + 1)),
      fc.integer({ min: 1, max: 4 }),
    ),
  );
describe("the order of a plan's operations", () => {
  it("regression (nested indexes): a child listed by two deleted indexes waits for both", async () => {
    // Index 1 lists index 2, which lists 3; index 4 lists 3 too. The planner placed 3 under 4.
    const ops = [del(1), del(2, [1]), del(4), del(3, [4, 2])];
    const { source, results } = await run(ops, [2]);
    assert.deepEqual(source.mutations, ["delete 1", "delete 4"]);
    assert.equal(outcomeOf(results, 2), "failed");
    assert.equal(outcomeOf(results, 3), "skipped", "3 is still listed by 2, which stays");
  });

  it("restores go before any delete, across packages", async () => {
    const ops = [del(11, [], LIB), del(12, [], LIB), restore(5), restore(13, LIB)];
    const { source } = await run(ops, [], 4);
    assert.deepEqual(source.mutations.slice(0, 2).sort(), ["restore 13", "restore 5"]);
  });

  it("an image is restored after its children, nested ones first", async () => {
    // Index 1 lists index 2 and image 3; index 2 lists image 4, which index 5 lists too.
    const ops = [restore(1), restore(2, WEB, [1]), restore(3, WEB, [1]), restore(4, WEB, [2, 5]), restore(5)];
    const { source } = await run(ops, [], 4);
    const at = (id: number) => source.mutations.indexOf(`restore ${id}`);
    for (const [child, parent] of [
      [2, 1],
      [3, 1],
      [4, 2],
      [4, 5],
    ] as const)
      assert.ok(at(child) >= 0 && at(child) < at(parent), `${child} is restored before ${parent}`);
  });

  it("an image whose child could not be restored is not restored: it would not pull", async () => {
    const ops = [restore(1), restore(2, WEB, [1]), restore(3, WEB, [2]), restore(4, WEB, [1]), del(9)];
    const { source, results } = await run(ops, [3], 1);
    assert.deepEqual(source.mutations, ["restore 4", "delete 9"]);
    assert.equal(outcomeOf(results, 3), "failed");
    assert.equal(outcomeOf(results, 2), "skipped");
    assert.equal(outcomeOf(results, 1), "skipped");
    assert.match(
      results.find((r) => r.operation.version.id === 1)?.message ?? "",
      /not sent: the restore of v3, which it lists, did not succeed; restored without it, the image would not pull/,
    );
  });

  it("a cycle of parents (a hand-edited plan) sends none of it, and says so", async () => {
    const { source, results } = await run([del(1, [2]), del(2, [1]), del(3)]);
    assert.deepEqual(source.mutations, ["delete 3"]);
    assert.match(results.find((r) => r.operation.version.id === 1)?.message ?? "", /cycle/);
  });

  it("orders a plan of 150,000 deletes (no call takes them all as arguments)", () => {
    const order = schedule(Array.from({ length: 150_000 }, (_, i) => del(i + 1, [], LIB)));
    let taken = 0;
    for (let op = order.take(); op; op = order.take()) {
      order.settle(op, true);
      taken++;
    }
    assert.equal(taken, 150_000);
  });

  it("property: no version is deleted while a version listing it is active", () => {
    // Random deletes fail.
    return fc.assert(
      fc.asyncProperty(randomDag, async ([parentLists, failing, concurrency]) => {
        const parentsOf = new Map(parentLists.map((parents, i) => [i + 1, parents]));
        const ops = [...parentsOf].map(([id, parents]) => del(id, parents));
        const { source, results } = await run(ops, failing, concurrency);
        const deletedAt = new Map(source.mutations.map((m, i) => [Number(m.split(" ")[1]), i]));
        for (const [id, at] of deletedAt)
          for (const parent of parentsOf.get(id) ?? []) {
            const parentAt = deletedAt.get(parent);
            assert.ok(parentAt !== undefined && parentAt < at, `${id} deleted while ${parent} was active`);
          }
        // Everything not listed (at any depth) by a failed delete is deleted.
        for (const [id] of parentsOf) {
          const blockedBy = (v: number): boolean =>
            failing.includes(v) || (parentsOf.get(v) ?? []).some(blockedBy);
          assert.equal(deletedAt.has(id), !blockedBy(id), `version ${id}`);
        }
        assert.equal(results.length, ops.length, "every operation is reported once");
      }),
      { numRuns: 150 },
    );
  });

  it("property: no image is restored before the children restored with it", () => {
    // Random restores fail.
    return fc.assert(
      fc.asyncProperty(randomDag, async ([parentLists, failing, concurrency]) => {
        const parentsOf = new Map(parentLists.map((parents, i) => [i + 1, parents]));
        const ops = [...parentsOf].map(([id, parents]) => restore(id, WEB, parents));
        const { source, results } = await run(ops, failing, concurrency);
        const restoredAt = new Map(source.mutations.map((m, i) => [Number(m.split(" ")[1]), i]));
        for (const [id, at] of restoredAt)
          for (const parent of parentsOf.get(id) ?? []) {
            const parentAt = restoredAt.get(parent);
            assert.ok(parentAt === undefined || at < parentAt, `${parent} restored before its child ${id}`);
          }
        // An image is restored exactly when nothing under it (at any depth) failed.
        const childrenOf = (v: number) => [...parentsOf].filter(([, ps]) => ps.includes(v)).map(([c]) => c);
        const broken = (v: number): boolean => failing.includes(v) || childrenOf(v).some(broken);
        for (const [id] of parentsOf) assert.equal(restoredAt.has(id), !broken(id), `version ${id}`);
        assert.equal(results.length, ops.length, "every operation is reported once");
      }),
      { numRuns: 150 },
    );
  });
});
