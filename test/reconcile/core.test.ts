import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readJournal } from "../../src/journal/journal.js";
import { fileJournal } from "../../src/journal/store.js";
import type { PackageVersion } from "../../src/model/version.js";
import { applyPlan } from "../../src/reconcile/apply.js";
import { planSpec } from "../../src/reconcile/plan.js";
import type { PlanPorts } from "../../src/reconcile/ports.js";
import { recheckSavedPlan } from "../../src/reconcile/saved-plan.js";
import type { Manifest } from "../../src/registry/manifest.js";
import type { SelectorSpec } from "../../src/select/selector.js";
import type { Spec } from "../../src/spec/types.js";
import { memoryManifests, memorySource, type MemorySource } from "../helpers/memory-source.js";
import { packageSpec } from "../helpers/spec.js";
import { NOW, version } from "../helpers/versions.js";

const WEB = { owner: "octocat", type: "container", name: "web" } as const;
const digest = (n: number) => `sha256:${String(n).padStart(64, "0")}`;
const index = (...children: number[]): Manifest => ({
  mediaType: "application/vnd.oci.image.index.v1+json",
  manifests: children.map((c) => ({ digest: digest(c) })),
});

/** Index 1 [v1] lists index 2, which lists image 3; image 3 is also listed by index 4 [v2]; 5 [latest] stands alone. */
const nested: PackageVersion[] = [
  version(1, digest(1), 60, { tags: ["v1"] }),
  version(2, digest(2), 60),
  version(3, digest(3), 60),
  version(4, digest(4), 50, { tags: ["v2"] }),
  version(5, digest(5), 10, { tags: ["latest"] }),
];
const manifests = new Map([
  [digest(1), index(2)],
  [digest(2), index(3)],
  [digest(4), index(3)],
]);

function setup(rules: { keep?: SelectorSpec[]; delete?: SelectorSpec[] }, versions = nested) {
  const source = memorySource([{ ref: WEB, versions }], "octocat", () => NOW);
  const reader = memoryManifests(manifests);
  const ports: PlanPorts = { source, manifests: reader, knownDeleted: () => [] };
  const spec: Spec = { files: ["ghpkg.yaml"], packages: [packageSpec(rules)], digest: "sha256:spec" };
  const plan = () =>
    planSpec(ports, { spec, nowMs: NOW, concurrency: 4, apiUrl: "memory:", specPaths: ["ghpkg.yaml"] });
  return { source, reader, ports, spec, plan };
}

/** The core's apply of a plan already made: a real journal file, a yes, no Ctrl-C. */
const AGREED = { confirm: () => Promise.resolve(true), sending: () => undefined };

async function apply(source: MemorySource, planned: Awaited<ReturnType<ReturnType<typeof setup>["plan"]>>) {
  const journal = fileJournal(join(mkdtempSync(join(tmpdir(), "ghpkg-core-")), "journal.jsonl"));
  return applyPlan(
    { source, journal },
    planned.plan,
    { concurrency: 4, writeIntervalMs: 0, runId: "run" },
    AGREED,
  );
}

describe("the reconcile core, without HTTP", () => {
  it("reads no manifest when the plan deletes nothing", async () => {
    const t = setup({ keep: [{ tag: "*" }] });
    const { plan } = await t.plan();
    assert.equal(plan.operations.length, 0);
    assert.equal(t.reader.reads.length, 0);
  });

  it("reads the manifest of an index it restores, and keeps what that index lists", async () => {
    const restored = [version(1, digest(1), 60, { tags: ["v1"], deletedDaysAgo: 2 }), ...nested.slice(1)];
    const t = setup({ keep: [{ tag: "v1" }], delete: [{ untagged: true }] }, restored);
    const { plan } = await t.plan();
    assert.ok(t.reader.reads.includes(digest(1)), t.reader.reads.join(","));
    assert.deepEqual(
      plan.operations.map((op) => `${op.action} ${op.version.id}`),
      ["restore 1"],
    );
  });

  it("plans children under their deleted parent, nested indexes included, and keeps a shared child", async () => {
    const t = setup({ delete: [{ tag: "v1" }] });
    const { plan } = await t.plan();
    assert.deepEqual(
      plan.operations.map((op) => [op.action, op.version.id, op.parentId ?? null]),
      [
        ["delete", 1, null],
        ["delete", 2, 1],
      ],
    );
    assert.equal(plan.packages[0]?.childrenKept, 0);
  });

  it("applies parents before their children, and the plan then holds", async () => {
    const t = setup({ delete: [{ tag: "v1" }, { tag: "v2" }] });
    const planned = await t.plan();
    // 3 is listed by both 2 and 4: the plan says so, so that apply waits for both.
    const three = planned.plan.operations.find((op) => op.version.id === 3);
    assert.deepEqual([...(three?.parentIds ?? [])].sort(), [2, 4]);
    const report = await apply(t.source, planned);
    assert.equal(report.deleted, 4);
    const order = t.source.mutations.map((m) => Number(m.split(" ")[1]));
    // 1 before 2, 2 before 3, 4 before 3.
    assert.ok(order.indexOf(1) < order.indexOf(2) && order.indexOf(2) < order.indexOf(3), order.join(","));
    assert.ok(order.indexOf(4) < order.indexOf(3), order.join(","));
    assert.equal((await t.plan()).plan.operations.length, 0);
  });

  it("sends no child of a parent whose delete failed, and says so", async () => {
    const t = setup({ delete: [{ tag: "v1" }] });
    t.source.refuse(
      1,
      400,
      "Publicly visible package versions with more than 5000 downloads cannot be deleted.",
    );
    const report = await apply(t.source, await t.plan());
    assert.deepEqual(t.source.mutations, []);
    assert.equal(report.failed, 1);
    assert.deepEqual(
      report.results.map((r) => [r.operation.version.id, r.outcome]),
      [
        [1, "failed"],
        [2, "skipped"],
      ],
    );
  });

  it("journals a sent line before each outcome", async () => {
    const t = setup({ delete: [{ tag: "v1" }] });
    const journalPath = join(mkdtempSync(join(tmpdir(), "ghpkg-core-")), "journal.jsonl");
    const report = await applyPlan(
      { source: t.source, journal: fileJournal(journalPath) },
      (await t.plan()).plan,
      { concurrency: 1, writeIntervalMs: 0, runId: "run-1" },
      AGREED,
    );
    assert.equal(report.journalPath, journalPath);
    assert.ok(
      readJournal(journalPath).every((e) => e.run === "run-1"),
      "every line names its run",
    );
    assert.deepEqual(
      readJournal(journalPath).map(
        (e) => `${e.event} ${e.version_id}${e.parent_version_id ? `<${e.parent_version_id}` : ""}`,
      ),
      ["sent 1", "done 1", "sent 2<1", "done 2<1"],
    );
  });

  it("finishes a run stopped after a parent's delete: reads the parent's manifest, deletes what it left", async () => {
    const t = setup({});
    await t.source.deleteVersion(WEB, 1); // the earlier run got this far
    const parent = t.source.versionsOf(WEB).find((v) => v.id === 1)!;
    const ports: PlanPorts = { ...t.ports, deletedEarlier: () => [{ version: parent, childIds: [] }] };
    const { plan } = await planSpec(ports, {
      spec: t.spec,
      nowMs: NOW,
      concurrency: 4,
      apiUrl: "memory:",
      specPaths: ["ghpkg.yaml"],
    });
    assert.ok(t.reader.reads.includes(digest(1)), "the deleted parent's manifest was read");
    // 2 was listed only by 1; 3 is still listed by 4, which stays.
    assert.deepEqual(
      plan.operations.map((op) => [op.version.id, op.parentId ?? null, op.reason]),
      [[2, 1, "child of v1 (deleted earlier)"]],
    );
  });

  it("finishing an earlier run keeps what an index it restores lists", async () => {
    // Regression, found by test/reference/differential.test.ts: with no delete of its own, the plan
    // read the graph only to finish the earlier run, not the restored index's manifest, and so
    // deleted image 3, which the restored v2 lists, as if the earlier run had left it.
    const versions = [
      version(1, digest(1), 60, { tags: ["v1"], deletedDaysAgo: 1 }),
      version(2, digest(2), 60),
      version(3, digest(3), 60),
      version(4, digest(4), 50, { tags: ["v2"], deletedDaysAgo: 2 }),
      version(5, digest(5), 10, { tags: ["latest"] }),
    ];
    const t = setup({ keep: [{ tag: "v2" }] }, versions);
    const ports: PlanPorts = { ...t.ports, deletedEarlier: () => [{ version: versions[0]!, childIds: [] }] };
    const { plan } = await planSpec(ports, {
      spec: t.spec,
      nowMs: NOW,
      concurrency: 4,
      apiUrl: "memory:",
      specPaths: ["ghpkg.yaml"],
    });
    assert.ok(t.reader.reads.includes(digest(4)), "the restored index's manifest was read");
    assert.deepEqual(
      plan.operations.map((op) => [op.action, op.version.id, op.reason]),
      [
        ["delete", 2, "child of v1 (deleted earlier)"],
        ["restore", 4, "keep[0]: tag v2"],
      ],
    );
  });

  it("a saved plan that still holds is made again identical; a version gone since or a moved spec are differences", async () => {
    const t = setup({ delete: [{ tag: "v1" }] });
    const { plan } = await t.plan();
    const check = { spec: t.spec, apiUrl: "memory:", concurrency: 2, nowMs: NOW, name: "plan.json" };
    const same = await recheckSavedPlan(t.ports, plan, check);
    assert.deepEqual(same.differences, []);
    assert.deepEqual(same.plan?.operations, plan.operations);
    await t.source.deleteVersion(WEB, 2);
    const { differences } = await recheckSavedPlan(t.ports, plan, {
      ...check,
      spec: { ...t.spec, digest: "sha256:other" },
    });
    assert.deepEqual(differences, [
      "the spec changed since the plan was made (plan sha256:spec, spec now sha256:other)",
      "octocat/container/web: delete 2 (sha256:000000000000…) is in the saved plan but the version is no longer active (deleted since the plan was made, or never was)",
    ]);
  });

  it("refuses a plan made against another API without reading anything", async () => {
    const t = setup({ delete: [{ tag: "v1" }] });
    const { plan } = await t.plan();
    const reads = t.reader.reads.length;
    const { differences, plan: fresh } = await recheckSavedPlan(t.ports, plan, {
      spec: t.spec,
      apiUrl: "https://ghes.example",
      concurrency: 2,
    });
    assert.deepEqual(differences, ["the plan was made against memory:, not https://ghes.example"]);
    assert.equal(fresh, undefined);
    assert.equal(t.reader.reads.length, reads);
  });
});
