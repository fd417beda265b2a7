import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { ImageGraph } from "../../src/model/live.js";
import type { ManifestStorage } from "../../src/model/storage.js";
import type { PackageVersion } from "../../src/model/version.js";
import { planChanges } from "../../src/plan/plan.js";
import { planFromJson, planToJson } from "../../src/plan/json.js";
import { assemblePlan } from "../../src/plan/plan.js";
import type { SelectorSpec } from "../../src/select/selector.js";
import { planSchemaProblems } from "../../src/plan-file/schema.js";
import { manifestOf } from "../../src/registry/manifest-shape.js";
import { storageOf } from "../../src/registry/manifest-storage.js";
import { packageSpec } from "../helpers/spec.js";
import { NOW, version } from "../helpers/versions.js";

const blob = (name: string) => `sha256:${name.padEnd(64, "0")}`;
const stored = (size: number, blobs: Record<string, number>): ManifestStorage => ({
  size,
  blobs: Object.entries(blobs).map(([name, bytes]) => ({ digest: blob(name), size: bytes })),
});

// Two releases, each an index of two platform images. Platform images share their base layers with
// the other release's; a loose untagged build shares its app layer with v1's amd64 image.
const v1 = version(1, "sha256:v1", 40, { tags: ["v1"] });
const amd1 = version(2, "sha256:amd1", 40);
const arm1 = version(3, "sha256:arm1", 40);
const v2 = version(4, "sha256:v2", 10, { tags: ["v2"] });
const amd2 = version(5, "sha256:amd2", 10);
const arm2 = version(6, "sha256:arm2", 10);
const loose = version(7, "sha256:loose", 50);
const all = [v1, amd1, arm1, v2, amd2, arm2, loose];

const storage = new Map<string, ManifestStorage>([
  ["sha256:v1", stored(500, {})],
  ["sha256:amd1", stored(300, { base: 100_000, app1: 10, c1: 1 })],
  ["sha256:arm1", stored(301, { basearm: 200_000, app1arm: 20, c2: 2 })],
  ["sha256:v2", stored(502, {})],
  ["sha256:amd2", stored(303, { base: 100_000, app2: 30, c3: 3 })],
  ["sha256:arm2", stored(304, { basearm: 200_000, app2arm: 40, c4: 4 })],
  ["sha256:loose", stored(250, { app1: 10, c5: 5 })],
]);
const children = new Map([
  ["sha256:v1", ["sha256:amd1", "sha256:arm1"]],
  ["sha256:v2", ["sha256:amd2", "sha256:arm2"]],
]);
const graph: ImageGraph = { children, unreadable: undefined, storage };

function plan(
  rules: { keep?: SelectorSpec[]; delete?: SelectorSpec[] },
  versions: PackageVersion[] = all,
  g: ImageGraph | undefined = graph,
) {
  const spec = packageSpec(rules);
  return planChanges([spec], [{ ref: spec, versions, ...(g ? { graph: g } : {}) }], NOW);
}

const BEFORE =
  500 + 300 + 301 + 502 + 303 + 304 + 250 + 100_000 + 200_000 + 10 + 20 + 30 + 40 + 1 + 2 + 3 + 4 + 5;

describe("bytes_freed: what only the deleted versions refer to, counted once", () => {
  it("an index's children count with it; layers shared with a release that stays do not; a layer two deletes share counts once", () => {
    const result = plan({ delete: [{ tag: "v1" }, { untagged: true, olderThan: "30d" }] });
    assert.deepEqual(
      result.operations.map((o) => o.version.id),
      [1, 2, 3, 7],
    );
    // Manifests v1, amd1, arm1, loose; blobs app1 (once, though amd1 and loose both name it), c1,
    // app1arm, c2, c5. The base layers stay: v2's platform images refer to them.
    const freed = 500 + 300 + 301 + 250 + 10 + 1 + 20 + 2 + 5;
    assert.equal(result.packages[0]?.bytesFreed, freed);
    assert.equal(result.summary.bytesFreed, freed);
    assert.equal(result.packages[0]?.bytesBefore, BEFORE);
    assert.equal(result.packages[0]?.bytesAfter, BEFORE - freed);
  });

  it("deleting every release frees the shared base layers too", () => {
    // A tagged version stays (GitHub keeps the last tagged one), so both releases go.
    const result = plan(
      { delete: [{ tag: "v*" }] },
      [...all, version(8, "sha256:keeper", 1, { tags: ["x"] })],
      {
        ...graph,
        storage: new Map([...storage, ["sha256:keeper", stored(100, { other: 7 })]]),
      },
    );
    assert.deepEqual(
      result.operations.map((o) => o.version.id),
      [1, 2, 3, 4, 5, 6],
    );
    const freed = 500 + 300 + 301 + 502 + 303 + 304 + 100_000 + 200_000 + 1 + 2 + 3 + 4 + 20 + 30 + 40;
    // app1 stays: the loose build refers to it.
    assert.equal(result.packages[0]?.bytesFreed, freed);
  });

  it("a delete GitHub would refuse keeps its blobs: the last tagged version's are not freed", () => {
    const result = plan({ delete: [{ tag: "v*" }] });
    assert.deepEqual(
      result.blocked.map((b) => b.version.id),
      [4],
    );
    assert.deepEqual(
      result.operations.map((o) => o.version.id),
      [1, 2, 3],
    );
    assert.equal(result.packages[0]?.bytesFreed, 500 + 300 + 301 + 1 + 20 + 2);
  });

  it("a version the plan restores stays: what it refers to is not freed", () => {
    const gone = version(9, "sha256:gone", 60, { tags: ["old"], deletedDaysAgo: 3 });
    const result = plan(
      { keep: [{ tag: "old" }], delete: [{ untagged: true, olderThan: "30d" }] },
      [...all, gone],
      {
        ...graph,
        storage: new Map([...storage, ["sha256:gone", stored(99, { c5: 5, c9: 9 })]]),
      },
    );
    assert.deepEqual(
      result.operations.map((o) => `${o.action} ${o.version.id}`),
      ["delete 7", "restore 9"],
    );
    assert.equal(result.packages[0]?.bytesFreed, 250, "c5 stays: the restored version refers to it");
    assert.equal(result.packages[0]?.bytesAfter, BEFORE - 250 + 99 + 9);
  });

  it("null where nothing tells: a manifest unread, a manifest silent about sizes, no graph, no delete, no manifests at all", () => {
    const rules = { delete: [{ tag: "v1" }] };
    const unread = plan(rules, all, { ...graph, unreadable: "the manifest of sha256:v2 could not be read" });
    assert.equal(unread.packages[0]?.bytesFreed, null);
    assert.equal(unread.summary.bytesFreed, null);
    const silent = new Map(storage);
    silent.delete("sha256:amd2"); // a version that stays does not tell what it refers to
    assert.equal(plan(rules, all, { ...graph, storage: silent }).packages[0]?.bytesFreed, null);
    assert.equal(plan(rules, all, { children, unreadable: undefined }).packages[0]?.bytesFreed, null);
    const nothing = plan({ delete: [{ tag: "none" }] });
    assert.equal(nothing.packages[0]?.bytesFreed, null, "no container delete");
    assert.equal(nothing.packages[0]?.bytesBefore, BEFORE, "what is stored is still told");

    const npm = packageSpec({ type: "npm", name: "lib", unmatched: "delete" });
    const mixed = planChanges(
      [packageSpec(rules), npm],
      [
        { ref: packageSpec(rules), versions: all, graph },
        { ref: npm, versions: [version(11, "1.0.0", 9), version(12, "2.0.0", 1)] },
      ],
      NOW,
    );
    assert.equal(mixed.summary.delete, 4);
    assert.equal(mixed.packages.find((p) => p.ref.type === "npm")?.bytesFreed, null);
    assert.equal(
      mixed.summary.bytesFreed,
      500 + 300 + 301 + 1 + 20 + 2,
      "the total of the packages that tell",
    );
  });

  it("round-trips through the JSON plan, and a plan saved before bytes_freed still reads", () => {
    const changes = plan({ delete: [{ tag: "v1" }] });
    const saved = assemblePlan(changes, {
      createdAt: "2026-11-24T10:00:00Z",
      specDigest: `sha256:${"0".repeat(64)}`,
      apiUrl: "https://api.github.com",
      specPaths: ["ghpkg.yaml"],
    });
    const json = planToJson(saved);
    assert.equal(json.summary.bytes_freed, 1124);
    assert.deepEqual([json.packages[0]?.bytes_freed, json.packages[0]?.deleted_read], [1124, false]);
    assert.deepEqual(planToJson(planFromJson(JSON.parse(JSON.stringify(json)) as typeof json)), json);

    // A plan saved by an earlier ghpkg: none of the fields this one adds.
    const old = JSON.parse(JSON.stringify(json), (key, value: unknown) =>
      ["bytes_freed", "bytes_before", "bytes_after", "deleted_read"].includes(key) ? undefined : value,
    ) as typeof json;
    assert.equal(planSchemaProblems(old).length, 0, planSchemaProblems(old).join("\n"));
    assert.equal(planSchemaProblems(json).length, 0, planSchemaProblems(json).join("\n"));
    const read = planToJson(planFromJson(old));
    assert.equal("bytes_freed" in read.summary, false, "not made up for a plan that did not say");
    assert.deepEqual(read, old);
  });
});

describe("a manifest's storage, from the bytes the registry sent", () => {
  const bytesOf = (value: unknown) => Buffer.from(JSON.stringify(value));

  it("its own size is the length of its bytes (a `byteLength` key in the JSON does not count), then its config and layers", () => {
    const manifest = {
      schemaVersion: 2,
      mediaType: "application/vnd.oci.image.manifest.v1+json",
      config: { mediaType: "application/vnd.oci.image.config.v1+json", digest: blob("c"), size: 7 },
      layers: [
        { mediaType: "application/vnd.oci.image.layer.v1.tar+gzip", digest: blob("l"), size: 3370706 },
      ],
      byteLength: 1,
    };
    const read = manifestOf(bytesOf(manifest));
    assert.ok("manifest" in read);
    assert.deepEqual(storageOf(read.manifest), {
      size: bytesOf(manifest).length,
      blobs: [
        { digest: blob("c"), size: 7 },
        { digest: blob("l"), size: 3370706 },
      ],
    });
  });

  it("an artifact's blobs count; an index has none of its own", () => {
    const artifact = manifestOf(
      bytesOf({
        mediaType: "application/vnd.oci.artifact.manifest.v1+json",
        blobs: [{ digest: blob("s"), size: 5 }],
      }),
    );
    assert.ok("manifest" in artifact);
    assert.deepEqual(storageOf(artifact.manifest)?.blobs, [{ digest: blob("s"), size: 5 }]);
    const index = manifestOf(
      bytesOf({ mediaType: "application/vnd.oci.image.index.v1+json", manifests: [] }),
    );
    assert.ok("manifest" in index);
    assert.deepEqual(storageOf(index.manifest)?.blobs, []);
  });

  it("does not tell when a size is not a whole number of bytes, a digest is missing, or nobody measured it", () => {
    for (const layers of [
      [{ digest: blob("l"), size: "12" }],
      [{ digest: blob("l"), size: -1 }],
      [{ digest: blob("l"), size: 1.5 }],
      [{ size: 12 }],
      "layers",
    ]) {
      const read = manifestOf(bytesOf({ mediaType: "application/vnd.oci.image.manifest.v1+json", layers }));
      assert.ok("manifest" in read, "still readable for the children rule");
      assert.equal(storageOf(read.manifest), undefined, JSON.stringify(layers));
    }
    assert.equal(storageOf({ layers: [] }), undefined, "a manifest whose bytes nobody counted");
  });
});
