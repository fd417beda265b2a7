import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { planChanges, WHY_TOO_OLD } from "../../src/plan/plan.js";
import type { ImageGraph } from "../../src/model/live.js";
import type { PackageVersion } from "../../src/model/version.js";
import type { SelectorSpec } from "../../src/select/selector.js";
import { packageSpec } from "../helpers/spec.js";
import { NOW, version } from "../helpers/versions.js";

/** Children follow their parents back: a restored image brings back the deleted children it lists. */
const graph = (edges: Record<string, string[]>, unknown: Record<string, string> = {}): ImageGraph => ({
  children: new Map(Object.entries(edges)),
  unreadable: undefined,
  unknownChildren: new Map(Object.entries(unknown)),
});

function plan(
  rules: { keep?: SelectorSpec[]; delete?: SelectorSpec[] },
  versions: PackageVersion[],
  g: ImageGraph,
) {
  const spec = packageSpec(rules);
  return planChanges([spec], [{ ref: spec, versions, graph: g }], NOW);
}
const ops = (result: ReturnType<typeof plan>) =>
  result.operations.map(
    (o) =>
      `${o.action} ${o.version.id}${o.parentId ? `<${o.parentId}` : ""}${o.parentIds ? `<${o.parentIds.join(",")}` : ""} ${o.reason}`,
  );
const blocked = (result: ReturnType<typeof plan>) =>
  result.blocked.map((b) => `${b.action} ${b.version.id} ${b.reason}: ${b.why}`);

// v1, an index deleted two days ago with its two platform images; v2 stays, so the package is not empty.
const index = version(1, "sha256:index1", 40, { tags: ["v1"], deletedDaysAgo: 2 });
const amd = version(2, "sha256:amd", 40, { deletedDaysAgo: 2 });
const arm = version(3, "sha256:arm", 40, { deletedDaysAgo: 2 });
const v2 = version(9, "sha256:v2", 1, { tags: ["v2"] });
const edges = { "sha256:index1": ["sha256:amd", "sha256:arm"] };

describe("children follow their parents back", () => {
  it("restoring an index restores its deleted platform images, as its children", () => {
    const result = plan({ keep: [{ tag: "v1" }] }, [index, amd, arm, v2], graph(edges));
    assert.deepEqual(ops(result), [
      "restore 1 keep[0]: tag v1",
      "restore 2<1 child of v1",
      "restore 3<1 child of v1",
    ]);
    assert.deepEqual(result.summary, { delete: 0, restore: 3, blocked: 0, unchanged: 1, bytesFreed: null });
    assert.deepEqual(result.notes ?? [], []);
  });

  it("reaches down nested indexes, and leaves alone a child that is active", () => {
    const inner = version(4, "sha256:inner", 40, { deletedDaysAgo: 2 });
    const leaf = version(5, "sha256:leaf", 40, { deletedDaysAgo: 2 });
    const live = version(6, "sha256:live", 40);
    const nested = { "sha256:index1": ["sha256:inner", "sha256:live"], "sha256:inner": ["sha256:leaf"] };
    const result = plan({ keep: [{ tag: "v1" }] }, [index, inner, leaf, live, v2], graph(nested));
    assert.deepEqual(ops(result), [
      "restore 1 keep[0]: tag v1",
      "restore 4<1 child of v1",
      "restore 5<4 child of sha256:inner",
    ]);
  });

  it("a child two restored images list is restored once, after neither", () => {
    const index2 = version(7, "sha256:index2", 30, { tags: ["v1.1"], deletedDaysAgo: 2 });
    const shared = { ...edges, "sha256:index2": ["sha256:arm"] };
    const result = plan(
      { keep: [{ tag: "v1" }, { tag: "v1.1" }] },
      [index, index2, amd, arm, v2],
      graph(shared),
    );
    assert.deepEqual(ops(result), [
      "restore 1 keep[0]: tag v1",
      "restore 2<1 child of v1",
      "restore 3<1<1,7 child of v1",
      "restore 7 keep[1]: tag v1.1",
    ]);
  });

  it("a child its own keep restores keeps its reason, and is still restored with the image", () => {
    const result = plan({ keep: [{ tag: "v1" }, { id: 3 }] }, [index, amd, arm, v2], graph(edges));
    assert.deepEqual(ops(result), [
      "restore 1 keep[0]: tag v1",
      "restore 2<1 child of v1",
      "restore 3<1 keep[1]: id 3",
    ]);
  });

  it("a child deleted more than 30 days ago cannot come back: the image's restore is blocked too", () => {
    const oldArm = version(3, "sha256:arm", 40, { deletedDaysAgo: 31 });
    const result = plan({ keep: [{ tag: "v1" }] }, [index, amd, oldArm, v2], graph(edges));
    assert.deepEqual(ops(result), []);
    assert.deepEqual(blocked(result), [
      "restore 1 keep[0]: tag v1: sha256:arm under it was deleted more than 30 days ago and cannot come back, so the image would not pull",
      `restore 3 child of v1: ${WHY_TOO_OLD}`,
    ]);
    assert.deepEqual(result.summary, { delete: 0, restore: 0, blocked: 2, unchanged: 1, bytesFreed: null });
  });

  it("a grandchild past 30 days blocks the inner index and the image above it", () => {
    const inner = version(4, "sha256:inner", 40, { deletedDaysAgo: 2 });
    const leaf = version(5, "sha256:leaf", 40, { deletedDaysAgo: 40 });
    const nested = { "sha256:index1": ["sha256:inner", "sha256:amd"], "sha256:inner": ["sha256:leaf"] };
    const result = plan({ keep: [{ tag: "v1" }] }, [index, inner, leaf, amd, v2], graph(nested));
    assert.deepEqual(ops(result), []);
    assert.deepEqual(
      result.blocked.map((b) => `${b.version.id} ${b.reason}`),
      ["1 keep[0]: tag v1", "4 child of v1", "5 child of sha256:inner"],
    );
    assert.match(result.blocked[0]?.why ?? "", /^sha256:leaf under it was deleted more than 30 days ago/);
    assert.match(result.blocked[1]?.why ?? "", /^sha256:leaf under it was deleted more than 30 days ago/);
    assert.equal(result.blocked[2]?.why, WHY_TOO_OLD);
  });

  it("an image whose children cannot be known is restored with a note, and the package deletes nothing", () => {
    const loose = version(8, "sha256:loose", 50);
    const result = plan(
      { keep: [{ tag: "v1" }], delete: [{ untagged: true }] },
      [index, loose, v2],
      graph(
        {},
        {
          "sha256:index1": "its manifest could not be read (404) and the journal does not say what it lists",
        },
      ),
    );
    assert.deepEqual(ops(result), ["restore 1 keep[0]: tag v1"]);
    assert.deepEqual(
      result.blocked.map((b) => b.version.id),
      [8],
    );
    assert.match(result.blocked[0]?.why ?? "", /cannot all be known.*no version of this package is deleted/);
    assert.deepEqual(result.notes, [
      "octocat/container/web: v1 (1) is restored, but what it lists cannot all be known (sha256:index1: its manifest could not be read (404) and the journal does not say what it lists): it may not pull until they are restored too",
    ]);
  });

  it("a child listed but unknown to ghpkg (neither active nor a deleted version it knows) gets the note too", () => {
    const result = plan({ keep: [{ tag: "v1" }] }, [index, amd, v2], graph(edges));
    assert.deepEqual(ops(result), ["restore 1 keep[0]: tag v1", "restore 2<1 child of v1"]);
    assert.match(result.notes?.[0] ?? "", /v1 \(1\) is restored, but .*sha256:arm.* may not pull/);
  });

  it("what a restored image lists stays, whatever the rules say of it", () => {
    const live = version(6, "sha256:live", 40);
    const result = plan(
      { keep: [{ tag: "v1" }], delete: [{ untagged: true }] },
      [index, amd, live, v2],
      graph({ "sha256:index1": ["sha256:amd", "sha256:live"] }),
    );
    assert.deepEqual(ops(result), ["restore 1 keep[0]: tag v1", "restore 2<1 child of v1"]);
  });
});
