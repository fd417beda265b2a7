import { afterEach, describe, it } from "node:test";
import assert from "node:assert/strict";
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { PlanJson as Plan } from "../../src/plan/json.js";
import type { SandboxVersion } from "../../src/sandbox/state.js";
import { E2E_NOW } from "../helpers/e2e.js";
import { imageIndex, imageVersion, platformImage } from "../helpers/images.js";
import { pkg, state } from "../helpers/sandbox.js";
import { world, type World } from "../helpers/world.js";

/**
 * Children follow their parents back: an image restored by a keep comes back with the platform
 * images that went with it, restored before it, so it is never active without them (CONTRACT 1).
 */
let w: World | undefined;
afterEach(() => w?.close());

const now = Date.parse(E2E_NOW);
const daysAgo = (days: number) => new Date(now - days * 86_400_000).toISOString();

/** A multi-platform release v1 (index 10: 11, 12), and a current release that stays. */
function release(): Record<string, SandboxVersion> {
  const amd = imageVersion(11, platformImage("amd"), { ageDays: 40, now });
  const arm = imageVersion(12, platformImage("arm"), { ageDays: 40, now });
  const v1 = imageVersion(10, imageIndex([amd, arm]), { tags: ["v1"], ageDays: 40, now });
  const latest = imageVersion(20, platformImage("latest"), { tags: ["latest"], ageDays: 1, now });
  return { v1, amd, arm, latest };
}

const SPEC = (rules: string) =>
  `version: 1\nowner: octocat\npackages:\n  - type: container\n    name: app\n${rules}`;
const APPLY = ["apply", "--yes", "--write-interval", "0", "--now", E2E_NOW];

async function planJson(t: World): Promise<Plan> {
  const result = await t.cli(["plan", "--format", "json", "--now", E2E_NOW]);
  assert.equal(result.code, 0, result.stderr);
  return JSON.parse(result.stdout) as Plan;
}

/** v1 deleted by ghpkg (its platform images with it), then a keep naming its tag. */
async function deletedByGhpkg(): Promise<World> {
  const t = (w = await world(
    state([pkg("container", "app", Object.values(release()))]),
    SPEC("    delete:\n      - tag: v1\n"),
  ));
  const deleted = await t.cli(APPLY);
  assert.equal(deleted.code, 0, deleted.stderr);
  assert.deepEqual(t.active("octocat", "container", "app"), [20]);
  writeFileSync(join(t.dir, "ghpkg.yaml"), SPEC("    keep:\n      - tag: v1\n"));
  return t;
}

const restores = (plan: Plan) =>
  plan.operations.map((o) => [o.action, o.version_id, o.reason, o.parent_version_id ?? null]);

describe("children follow their parents back", () => {
  it("a restored index brings back its platform images, restored before it, and the next plan has nothing to do", async () => {
    const t = await deletedByGhpkg();
    const plan = await planJson(t);
    assert.deepEqual(restores(plan), [
      ["restore", 10, "keep[0]: tag v1", null],
      ["restore", 11, "child of v1", 10],
      ["restore", 12, "child of v1", 10],
    ]);
    const text = await t.cli(["plan", "--now", E2E_NOW]);
    assert.match(
      text.stdout,
      /\+ restore {2}sha256:\w+… \[v1\] 40d old +# keep\[0\]: tag v1\n {2}\+ restore {4}└ sha256:\w+… \[untagged\] 40d old +# child of v1\n/,
    );
    const applied = await t.cli(APPLY);
    assert.equal(applied.code, 0, applied.stderr);
    assert.deepEqual(t.active("octocat", "container", "app"), [10, 11, 12, 20]);
    const posts = t.mutations().filter((m) => m.startsWith("POST"));
    assert.deepEqual(
      posts.map((m) => Number(/versions\/(\d+)\/restore$/.exec(m)?.[1])),
      [11, 12, 10],
      "the platform images first, then the index",
    );
    const again = await t.cli(["plan", "--detailed-exitcode", "--now", E2E_NOW]);
    assert.equal(again.code, 0, again.stdout);
  });

  it("with the manifest cache gone, the journal still says what went with the image", async () => {
    const t = await deletedByGhpkg();
    rmSync(join(t.dir, ".ghpkg", "cache"), { recursive: true });
    const plan = await planJson(t);
    assert.deepEqual(
      plan.operations.map((o) => [o.version_id, o.reason]),
      [
        [10, "keep[0]: tag v1"],
        [11, "child of v1"],
        [12, "child of v1"],
      ],
    );
  });

  it("with neither cache nor journal, the image is restored alone, and the plan says it may not pull", async () => {
    const t = await deletedByGhpkg();
    rmSync(join(t.dir, ".ghpkg"), { recursive: true });
    const plan = await planJson(t);
    assert.deepEqual(
      plan.operations.map((o) => o.version_id),
      [10],
    );
    assert.match(
      plan.notes?.join("\n") ?? "",
      /octocat\/container\/app: v1 \(10\) is restored, but what it lists cannot all be known \(sha256:\w+: its manifest could not be read \(the registry answered 404 for octocat\/app@sha256:\w+\) and the journal does not say what it lists\): it may not pull until they are restored too/,
    );
    const text = await t.cli(["plan", "--now", E2E_NOW]);
    assert.match(text.stdout, /^note: octocat\/container\/app: v1 \(10\) is restored, but .*may not pull/m);
  });

  it("a deleted image whose children went with it, from a state file (the registry still serving its manifest)", async () => {
    const v = release();
    for (const x of [v.v1!, v.amd!, v.arm!]) x.deleted_at = daysAgo(3);
    w = await world(
      state([pkg("container", "app", Object.values(v))]),
      SPEC("    keep:\n      - tag: v1\n"),
      {
        serveDeletedManifests: true,
      },
    );
    const plan = await planJson(w);
    assert.deepEqual(
      plan.operations.map((o) => [o.version_id, o.reason]),
      [
        [10, "keep[0]: tag v1"],
        [11, "child of v1"],
        [12, "child of v1"],
      ],
    );
  });

  it("a platform image deleted more than 30 days ago blocks the image's restore: it would not pull", async () => {
    const v = release();
    v.v1!.deleted_at = daysAgo(3);
    v.amd!.deleted_at = daysAgo(3);
    v.arm!.deleted_at = daysAgo(31);
    w = await world(
      state([pkg("container", "app", Object.values(v))]),
      SPEC("    keep:\n      - tag: v1\n"),
      {
        serveDeletedManifests: true,
      },
    );
    const plan = await planJson(w);
    assert.deepEqual(plan.operations, []);
    assert.deepEqual(
      plan.blocked.map((b) => [b.version_id, b.reason, b.why]),
      [
        [
          10,
          "keep[0]: tag v1",
          `${v.arm!.name.slice(0, 19)}… under it was deleted more than 30 days ago and cannot come back, so the image would not pull`,
        ],
        [12, "child of v1", "deleted more than 30 days ago"],
      ],
    );
    const applied = await w.cli(APPLY);
    assert.equal(applied.code, 0, applied.stderr);
    assert.deepEqual(w.mutations(), [], "nothing is restored");
  });
});
