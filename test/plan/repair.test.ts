import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ImageGraph } from "../../src/model/live.js";
import type { PackageVersion } from "../../src/model/version.js";
import { findDamage } from "../../src/plan/broken.js";
import { canRestore } from "../../src/plan/can-restore.js";
import { packagesNeedingGraphs } from "../../src/plan/needs.js";
import { planChanges } from "../../src/plan/plan.js";
import { planFromJson, planToJson } from "../../src/plan/json.js";
import { assemblePlan } from "../../src/plan/plan.js";
import { planSpec } from "../../src/reconcile/plan.js";
import type { PlanPorts } from "../../src/reconcile/ports.js";
import type { Manifest } from "../../src/registry/manifest.js";
import type { SelectorSpec } from "../../src/select/selector.js";
import { loadSpec } from "../../src/spec/load.js";
import { memoryManifests, memorySource } from "../helpers/memory-source.js";
import { packageSpec } from "../helpers/spec.js";
import { NOW, version } from "../helpers/versions.js";

/** Broken images and orphans: found in the graph, reported by every plan, mended with `repair: true`. */
const graph = (
  edges: Record<string, string[]>,
  referrers: Record<string, string[]> = {},
  extra: Partial<ImageGraph> = {},
): ImageGraph => {
  // As image-graph.ts records them: a referrer is its subject's child too.
  const children = new Map(Object.entries(edges).map(([k, v]) => [k, [...v]]));
  for (const [subject, list] of Object.entries(referrers))
    children.set(subject, [...(children.get(subject) ?? []), ...list]);
  return { children, referrers: new Map(Object.entries(referrers)), unreadable: undefined, ...extra };
};

function plan(
  rules: { keep?: SelectorSpec[]; delete?: SelectorSpec[]; repair?: boolean },
  versions: PackageVersion[],
  g: ImageGraph,
  deletedComplete = true,
) {
  const spec = packageSpec(rules);
  return planChanges([spec], [{ ref: spec, versions, graph: g, deletedComplete }], NOW);
}
const ops = (result: ReturnType<typeof plan>) =>
  result.operations.map(
    (o) =>
      `${o.action} ${o.version.id}${o.parentId ? `<${o.parentId}` : ""}${o.parentIds ? `<${o.parentIds.join(",")}` : ""} ${o.reason}`,
  );

// v1: an index of amd and arm; arm was deleted (in the web UI) two days ago.
const v1 = version(1, "sha256:v1", 10, { tags: ["v1"] });
const amd = version(2, "sha256:amd", 10);
const arm = version(3, "sha256:arm", 10, { deletedDaysAgo: 2 });
const latest = version(9, "sha256:latest", 1, { tags: ["latest"] });
const edges = { "sha256:v1": ["sha256:amd", "sha256:arm"] };

describe("broken images and orphans: what the graph shows", () => {
  it("an index missing a child deleted recently: broken, the child restorable", () => {
    const damage = findDamage([v1, amd, arm, latest], graph(edges), NOW);
    assert.deepEqual(
      damage.broken.map((b) => [b.image.id, b.missing.map((m) => [m.digest, m.state, m.version?.id])]),
      [[1, [["sha256:arm", "restorable", 3]]]],
    );
    assert.deepEqual(damage.orphans, []);
  });

  it("deleted more than 30 days ago: expired; no version by that digest: unknown", () => {
    const old = version(3, "sha256:arm", 50, { deletedDaysAgo: 40 });
    const g = graph({ "sha256:v1": ["sha256:amd", "sha256:arm", "sha256:gone"] });
    const [broken] = findDamage([v1, amd, old, latest], g, NOW).broken;
    assert.deepEqual(
      broken?.missing.map((m) => [m.digest, m.state]),
      [
        ["sha256:arm", "expired"],
        ["sha256:gone", "unknown"],
      ],
    );
  });

  it("a referrer whose subject is gone is an orphan, not a broken image; one whose referrer is gone breaks nothing", () => {
    const sig = version(5, "sha256:sig", 3, { tags: ["sha256-abc.sig"] });
    const att = version(6, "sha256:att", 3);
    const g = graph({}, { "sha256:abc": ["sha256:sig"], "sha256:v1": ["sha256:att", "sha256:deletedsig"] });
    const damage = findDamage([v1, sig, att, latest], g, NOW);
    assert.deepEqual(damage.broken, []);
    assert.deepEqual(
      damage.orphans.map((o) => [o.version.id, o.subject.digest, o.subject.state]),
      [[5, "sha256:abc", "unknown"]],
    );
  });

  it("a deleted image's own children break nothing; no graph, nothing", () => {
    const deletedIndex = version(1, "sha256:v1", 10, { deletedDaysAgo: 1 });
    assert.deepEqual(findDamage([deletedIndex, amd, arm], graph(edges), NOW).broken, []);
    assert.deepEqual(findDamage([v1, amd, arm], undefined, NOW), { broken: [], orphans: [] });
  });

  it("every plan reports them, with or without repair, and changes nothing without it", () => {
    const result = plan({}, [v1, amd, arm, latest], graph(edges));
    assert.deepEqual(ops(result), []);
    assert.deepEqual(
      result.broken?.map((b) => [b.ref.name, b.image.id]),
      [["web", 1]],
    );
    assert.deepEqual(result.orphans, []);
  });
});

describe("repair: true", () => {
  it("restores a broken image's restorable children, naming the image", () => {
    const result = plan({ repair: true }, [v1, amd, arm, latest], graph(edges));
    assert.deepEqual(ops(result), ["restore 3<1 repair: child of v1"]);
    assert.deepEqual(result.blocked, []);
  });

  it("restores a child two broken images miss once, both its parents", () => {
    const v2 = version(4, "sha256:v2", 5, { tags: ["v2"] });
    const g = graph({ ...edges, "sha256:v2": ["sha256:arm"] });
    const result = plan({ repair: true }, [v1, v2, amd, arm, latest], g);
    assert.deepEqual(ops(result), ["restore 3<1<1,4 repair: child of v1"]);
  });

  it("reaches down: a restored nested index brings back its own deleted children", () => {
    const inner = version(3, "sha256:arm", 10, { deletedDaysAgo: 2 });
    const leaf = version(7, "sha256:leaf", 10, { deletedDaysAgo: 2 });
    const g = graph({ ...edges, "sha256:arm": ["sha256:leaf"] });
    const result = plan({ repair: true }, [v1, amd, inner, leaf, latest], g);
    assert.deepEqual(ops(result), ["restore 3<1 repair: child of v1", "restore 7<3 child of sha256:arm"]);
  });

  it("a nested index missing a grandchild: the nested index is the broken one", () => {
    const inner = version(3, "sha256:inner", 10);
    const leaf = version(7, "sha256:leaf", 10, { deletedDaysAgo: 2 });
    const g = graph({ "sha256:v1": ["sha256:amd", "sha256:inner"], "sha256:inner": ["sha256:leaf"] });
    const result = plan({ repair: true }, [v1, amd, inner, leaf, latest], g);
    assert.deepEqual(
      result.broken?.map((b) => b.image.id),
      [3],
    );
    assert.deepEqual(ops(result), ["restore 7<3 repair: child of sha256:inner"]);
  });

  it("leaves a child deleted more than 30 days ago, and an image the rules delete, as they are", () => {
    const old = version(3, "sha256:arm", 50, { deletedDaysAgo: 40 });
    assert.deepEqual(ops(plan({ repair: true }, [v1, amd, old, latest], graph(edges))), []);
    const going = plan({ repair: true, delete: [{ tag: "v1" }] }, [v1, amd, arm, latest], graph(edges));
    assert.deepEqual(ops(going), ["delete 1 delete[0]: tag v1", "delete 2<1 child of v1"]);
  });

  it("deletes an orphan whose subject cannot come back; keeps one whose subject can", () => {
    const sig = version(5, "sha256:sig", 3, { tags: ["sha256-abc.sig"] });
    const att = version(6, "sha256:att", 3);
    const subject = version(8, "sha256:subject", 3, { tags: ["old"], deletedDaysAgo: 40 });
    const back = version(10, "sha256:back", 3, { deletedDaysAgo: 3 });
    const note = version(11, "sha256:note", 3);
    const g = graph(
      {},
      { "sha256:abc": ["sha256:sig"], "sha256:subject": ["sha256:att"], "sha256:back": ["sha256:note"] },
    );
    const result = plan({ repair: true }, [sig, att, subject, back, note, latest], g);
    assert.deepEqual(ops(result), [
      "delete 5 repair: orphan of sha256:abc",
      "delete 6 repair: orphan of old",
    ]);
    assert.deepEqual(
      result.orphans?.map((o) => [o.version.id, o.subject.state]),
      [
        [5, "unknown"],
        [6, "expired"],
        [11, "restorable"],
      ],
    );
  });

  it("deletes no orphan whose subject is unknown when GitHub did not list every deleted version (the journal's view)", () => {
    const sig = version(5, "sha256:sig", 3, { tags: ["sha256-abc.sig"] });
    const att = version(6, "sha256:att", 3);
    const subject = version(8, "sha256:subject", 3, { tags: ["old"], deletedDaysAgo: 40 });
    const g = graph({}, { "sha256:abc": ["sha256:sig"], "sha256:subject": ["sha256:att"] });
    const result = plan({ repair: true }, [sig, att, subject, latest], g, false);
    // sha256:abc may be a deleted version only GitHub knows of, and restorable: its signature stays.
    assert.deepEqual(ops(result), ["delete 6 repair: orphan of old"]);
    assert.deepEqual(
      result.orphans?.map((o) => [o.version.id, o.subject.state]),
      [
        [5, "unknown"],
        [6, "expired"],
      ],
    );
  });

  it("a referrer whose tag and manifest name two subjects: no orphan while one is active; else the one that can come back is told, and nothing deleted", () => {
    const sig = version(5, "sha256:sig", 3, { tags: ["sha256-abc.sig"] });
    const back = version(10, "sha256:back", 3, { deletedDaysAgo: 3 });
    const live = version(12, "sha256:live", 3);
    const twoGone = graph({}, { "sha256:abc": ["sha256:sig"], "sha256:back": ["sha256:sig"] });
    const result = plan({ repair: true }, [sig, back, latest], twoGone);
    assert.deepEqual(ops(result), []);
    assert.deepEqual(
      result.orphans?.map((o) => [o.version.id, o.subject.state, o.subject.digest]),
      [[5, "restorable", "sha256:back"]],
    );
    const oneActive = graph({}, { "sha256:abc": ["sha256:sig"], "sha256:live": ["sha256:sig"] });
    const kept = plan({ repair: true }, [sig, live, latest], oneActive);
    assert.deepEqual([ops(kept), kept.orphans], [[], []]);
  });

  it("keep wins over a repair's delete; a delete rule keeps its own reason", () => {
    const sig = version(5, "sha256:sig", 3, { tags: ["sha256-abc.sig"] });
    const g = graph({}, { "sha256:abc": ["sha256:sig"] });
    assert.deepEqual(ops(plan({ repair: true, keep: [{ tag: "sha256-*" }] }, [sig, latest], g)), []);
    assert.deepEqual(ops(plan({ repair: true, delete: [{ tag: "sha256-*" }] }, [sig, latest], g)), [
      "delete 5 delete[0]: tag sha256-*",
    ]);
  });

  it("an unreadable manifest fails the repair's deletes closed", () => {
    const sig = version(5, "sha256:sig", 3, { tags: ["sha256-abc.sig"] });
    const g = graph(
      {},
      { "sha256:abc": ["sha256:sig"] },
      { unreadable: "the manifest of x could not be read" },
    );
    const result = plan({ repair: true }, [sig, latest], g);
    assert.deepEqual(ops(result), []);
    assert.equal(result.blocked.length, 1);
  });

  it("reads deleted versions, and the graph, whatever the rules delete", () => {
    const spec = packageSpec({ repair: true });
    assert.equal(canRestore(spec), true);
    assert.equal(canRestore(packageSpec({ repair: true, type: "npm" })), false);
    assert.deepEqual(
      [...packagesNeedingGraphs([spec], [{ ref: spec, versions: [v1] }], NOW).keys()],
      ["octocat/container/web"],
    );
  });

  it("a plan's broken images and orphans survive a round trip through its JSON", () => {
    const sig = version(5, "sha256:sig", 3, { tags: ["sha256-abc.sig"] });
    const g = graph(edges, { "sha256:abc": ["sha256:sig"] });
    const changes = plan({}, [v1, amd, arm, sig, latest], g);
    const json = planToJson(
      assemblePlan(changes, {
        createdAt: "2026-11-24T10:00:00Z",
        specDigest: "sha256:x",
        apiUrl: "u",
        specPaths: ["a"],
      }),
    );
    assert.equal(json.broken?.[0]?.missing[0]?.state, "restorable");
    assert.equal(json.orphans?.[0]?.subject.state, "unknown");
    const again = JSON.parse(JSON.stringify(json)) as typeof json;
    assert.deepEqual(planToJson(planFromJson(again)), json);
  });
});

/*
 * Found by the reference planner (test/reference/differential.test.ts): bugs in src/ that are not
 * fixed yet, each as the smallest scenario that shows it. The suite stays green while they are open.
 */
describe("repair: true, as the differential test found it", () => {
  /** The spec read from YAML by the real loader, and planned by the core over the in-memory GitHub and registry. */
  async function planYaml(
    yaml: string,
    versions: PackageVersion[],
    manifests: Map<string, Manifest>,
    options: { viewer?: string; journal?: PackageVersion[] } = {},
  ) {
    const dir = mkdtempSync(join(tmpdir(), "ghpkg-repair-"));
    const path = join(dir, "ghpkg.yaml");
    writeFileSync(path, yaml);
    const spec = loadSpec([path]);
    const ports: PlanPorts = {
      source: memorySource([{ ref: WEB0, versions }], options.viewer ?? "octocat", () => NOW),
      manifests: memoryManifests(manifests),
      // The journal: versions ghpkg deleted in an earlier run (none journaled as children).
      knownDeleted: () => options.journal ?? [],
      deletedEarlier: () => (options.journal ?? []).map((version) => ({ version, childIds: [] })),
    };
    const { plan } = await planSpec(ports, {
      spec,
      nowMs: NOW,
      concurrency: 1,
      apiUrl: "memory:",
      specPaths: [path],
    });
    return plan;
  }
  const WEB0 = { owner: "octocat", type: "container", name: "web0" } as const;
  // web0: the index v1 lists arm, which someone deleted two days ago: broken, and arm can come back.
  const broken = [amd, arm, { ...v1, tags: ["v1"] }];
  const lists = new Map<string, Manifest>([
    [
      "sha256:v1",
      { mediaType: "application/vnd.oci.image.index.v1+json", manifests: [{ digest: "sha256:arm" }] },
    ],
  ]);

  it("a pattern entry's `repair: true` mends what an exact entry's would", async () => {
    for (const entry of ["name: web0\n    repair: true", "name: web*\n    repair: true"]) {
      const plan = await planYaml(
        `version: 1\nowner: octocat\npackages:\n  - type: container\n    ${entry}\n`,
        broken,
        lists,
      );
      assert.deepEqual(
        plan.operations.map((o) => `${o.action} ${o.version.id} ${o.reason}`),
        [`restore 3 ${entry.startsWith("name: web*") ? "packages[0] (web*): " : ""}repair: child of v1`],
        entry,
      );
      assert.equal(plan.broken?.[0]?.missing[0]?.state, "restorable", entry);
    }
  });

  it("a missing version the journal knows deleted is not `unknown`", async () => {
    // att's subject arm was deleted by ghpkg yesterday (the journal says so); the token is another user's.
    const att = version(6, "sha256:att", 3);
    const gone = version(3, "sha256:arm", 10, { deletedDaysAgo: 1 });
    const plan = await planYaml(
      "version: 1\nowner: octocat\npackages:\n  - type: container\n    name: web0\n",
      [att, gone, latest],
      new Map([
        [
          "sha256:att",
          { mediaType: "application/vnd.oci.image.manifest.v1+json", subject: { digest: "sha256:arm" } },
        ],
      ]),
      { viewer: "monalisa", journal: [gone] },
    );
    assert.deepEqual(
      plan.orphans?.map((o) => [o.version.id, o.subject.state, o.subject.version?.id]),
      [[6, "restorable", 3]],
    );
  });
});
