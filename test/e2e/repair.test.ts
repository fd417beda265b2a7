import { afterEach, describe, it } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { PlanJson } from "../../src/plan/json.js";
import type { SandboxVersion } from "../../src/sandbox/state.js";
import { E2E_NOW } from "../helpers/e2e.js";
import { imageIndex, imageVersion, platformImage } from "../helpers/images.js";
import { pkg, state } from "../helpers/sandbox.js";
import { world, type World } from "../helpers/world.js";

/**
 * Broken images and orphans (CONTRACT 1): built in the sandbox by deleting a version as another tool
 * would (`POST /_sandbox/break`), found by `ghpkg check` and every plan that reads the graph, mended by
 * `repair: true`. The clock is pinned (E2E_NOW), so the suite passes on any date.
 */
let w: World | undefined;
afterEach(() => w?.close());

const now = Date.parse(E2E_NOW);
const SPEC = (rules = "") =>
  `version: 1\nowner: octocat\npackages:\n  - type: container\n    name: app\n${rules}`;
const APPLY = ["apply", "--yes", "--write-interval", "0", "--now", E2E_NOW];
const CHECK = ["check", "--owner", "octocat", "--package", "container/app", "--now", E2E_NOW];

interface CheckJson {
  broken: PlanJson["broken"];
  orphans: PlanJson["orphans"];
}

/** v1: an index of amd (11) and arm (12); latest (20) stays. */
function release(): Record<string, SandboxVersion> {
  const amd = imageVersion(11, platformImage("amd"), { ageDays: 10, now });
  const arm = imageVersion(12, platformImage("arm"), { ageDays: 10, now });
  const v1 = imageVersion(10, imageIndex([amd, arm]), { tags: ["v1"], ageDays: 10, now });
  const latest = imageVersion(20, platformImage("latest"), { tags: ["latest"], ageDays: 1, now });
  return { v1, amd, arm, latest };
}

async function start(versions: SandboxVersion[], spec = SPEC()): Promise<World> {
  w = await world(state([pkg("container", "app", versions)]), spec);
  return w;
}

/** Deletes a version through the sandbox's HTTP route, as another tool would. */
async function breakOne(t: World, id: number, deletedDaysAgo = 2): Promise<void> {
  const answer = await fetch(`${t.sandbox.url}/_sandbox/break`, {
    method: "POST",
    body: JSON.stringify({
      owner: "octocat",
      type: "container",
      name: "app",
      version_id: id,
      deleted_days_ago: deletedDaysAgo,
    }),
  });
  assert.equal(answer.status, 200, await answer.text());
}

async function check(
  t: World,
  format = "json",
): Promise<{ code: number | null; json: CheckJson; stdout: string }> {
  const result = await t.cli([...CHECK, "--format", format]);
  assert.notEqual(result.code, 1, result.stderr);
  return {
    code: result.code,
    json: format === "json" ? (JSON.parse(result.stdout) as CheckJson) : { broken: [], orphans: [] },
    stdout: result.stdout,
  };
}

async function planJson(t: World): Promise<PlanJson> {
  const result = await t.cli(["plan", "--format", "json", "--now", E2E_NOW]);
  assert.equal(result.code, 0, result.stderr);
  return JSON.parse(result.stdout) as PlanJson;
}

const ops = (plan: PlanJson) => plan.operations.map((o) => [o.action, o.version_id, o.reason]);

describe("broken images and orphans", () => {
  it("an index missing a platform deleted recently: check says restorable, plan reports it, repair restores it", async () => {
    const v = release();
    const old = imageVersion(40, platformImage("0ld"), { tags: ["old"], ageDays: 90, now });
    const t = await start([...Object.values(v), old]);
    assert.equal((await check(t)).code, 0, "clean before");
    await breakOne(t, 12);
    const found = await check(t);
    assert.equal(found.code, 2);
    assert.deepEqual(
      found.json.broken?.map((b) => [b.version_id, b.missing.map((m) => [m.version_id, m.state])]),
      [[10, [[12, "restorable"]]]],
    );
    const text = await check(t, "text");
    assert.match(
      text.stdout,
      /octocat\/container\/app: v1 \(10\) is broken: it lists sha256:\w+… \(12\), deleted 2d ago: restorable/,
    );
    const markdown = await check(t, "markdown");
    assert.match(markdown.stdout, /^### ghpkg check\n/);

    // A plan that reads the graph (a delete rule) reports it, and without repair mends nothing.
    writeFileSync(join(t.dir, "ghpkg.yaml"), SPEC("    delete:\n      - tag: old\n"));
    const plain = await planJson(t);
    assert.deepEqual(ops(plain), [["delete", 40, "delete[0]: tag old"]]);
    assert.deepEqual(
      plain.broken?.map((b) => b.version_id),
      [10],
    );
    const planText = await t.cli(["plan", "--now", E2E_NOW]);
    assert.match(
      planText.stdout,
      /Broken images and orphans: 1 broken image, 0 orphans\n {2}octocat\/container\/app: v1 \(10\) is broken/,
    );

    writeFileSync(join(t.dir, "ghpkg.yaml"), SPEC("    repair: true\n"));
    const repair = await planJson(t);
    assert.deepEqual(ops(repair), [["restore", 12, "repair: child of v1"]]);
    assert.equal(repair.operations[0]?.parent_version_id, 10);
    // Saved, re-checked and applied like any other plan.
    const saved = await t.cli(["plan", "--out", "plan.json", "--now", E2E_NOW]);
    assert.equal(saved.code, 0, saved.stderr);
    const applied = await t.cli(["apply", "plan.json", "--yes", "--write-interval", "0"]);
    assert.equal(applied.code, 0, applied.stderr);
    assert.deepEqual(t.active("octocat", "container", "app"), [10, 11, 12, 20, 40]);
    assert.equal((await check(t)).code, 0, "clean after");
    const again = await t.cli(["plan", "--detailed-exitcode", "--now", E2E_NOW]);
    assert.equal(again.code, 0, again.stdout);
  });

  it("an index missing a platform deleted 40 days ago: expired, and repair leaves it", async () => {
    const t = await start(Object.values(release()), SPEC("    repair: true\n"));
    await breakOne(t, 12, 40);
    const found = await check(t);
    assert.equal(found.code, 2);
    assert.deepEqual(
      found.json.broken?.[0]?.missing.map((m) => m.state),
      ["expired"],
    );
    const plan = await planJson(t);
    assert.deepEqual(ops(plan), []);
    assert.deepEqual(
      plan.broken?.[0]?.missing.map((m) => m.state),
      ["expired"],
    );
  });

  it("a nested index missing a grandchild: the nested index is broken, and repair restores the grandchild", async () => {
    const amd = imageVersion(11, platformImage("amd"), { ageDays: 10, now });
    const arm = imageVersion(12, platformImage("arm"), { ageDays: 10, now });
    const inner = imageVersion(13, imageIndex([amd, arm]), { ageDays: 10, now });
    const s390 = imageVersion(14, platformImage("s390"), { ageDays: 10, now });
    const top = imageVersion(10, imageIndex([inner, s390]), { tags: ["v1"], ageDays: 10, now });
    const latest = imageVersion(20, platformImage("latest"), { tags: ["latest"], ageDays: 1, now });
    const t = await start([top, inner, amd, arm, s390, latest], SPEC("    repair: true\n"));
    await breakOne(t, 12);
    const found = await check(t);
    assert.deepEqual(
      found.json.broken?.map((b) => b.version_id),
      [13],
    );
    const plan = await planJson(t);
    assert.deepEqual(ops(plan), [["restore", 12, `repair: child of ${inner.name.slice(0, 19)}…`]]);
    const applied = await t.cli(APPLY);
    assert.equal(applied.code, 0, applied.stderr);
    assert.deepEqual(t.active("octocat", "container", "app"), [10, 11, 12, 13, 14, 20]);
  });

  it("a cosign signature of a deleted image: an orphan, kept while its subject can come back, deleted by repair once it cannot", async () => {
    const v = release();
    const sig = imageVersion(30, platformImage("sig"), {
      tags: [`sha256-${v.v1!.name.slice(7)}.sig`],
      ageDays: 10,
      now,
    });
    const t = await start([...Object.values(v), sig], SPEC("    repair: true\n"));
    for (const id of [10, 11, 12])
      t.sandbox.breakVersion({ owner: "octocat", type: "container", name: "app", id, deletedDaysAgo: 2 });
    const recent = await check(t);
    assert.deepEqual(
      recent.json.orphans?.map((o) => [o.version_id, o.subject.version_id, o.subject.state]),
      [[30, 10, "restorable"]],
    );
    assert.deepEqual(ops(await planJson(t)), [], "its subject can still come back");

    await fetch(`${t.sandbox.url}/_sandbox/clock`, {
      method: "POST",
      body: JSON.stringify({ advance: "38d" }),
    });
    const later = E2E_NOW.replace("2026-11-24", "2027-01-01");
    const plan = await t.cli(["plan", "--format", "json", "--now", later]);
    assert.equal(plan.code, 0, plan.stderr);
    const json = JSON.parse(plan.stdout) as PlanJson;
    assert.deepEqual(
      json.orphans?.map((o) => o.subject.state),
      ["expired"],
    );
    assert.deepEqual(ops(json), [["delete", 30, "repair: orphan of v1"]]);
  });

  it("an attestation referring by subject to a deleted image: an orphan; keep wins over the repair's delete", async () => {
    const v = release();
    const att = imageVersion(31, platformImage("face", v.latest!.name), { ageDays: 1, now });
    const old = imageVersion(21, platformImage("beef"), { tags: ["old"], ageDays: 50, now });
    const attOld = imageVersion(32, platformImage("feed", old.name), { ageDays: 50, now });
    const t = await start([...Object.values(v), att, old, attOld], SPEC("    repair: true\n"));
    await breakOne(t, 21, 40);
    const found = await check(t);
    assert.equal(found.code, 2);
    assert.deepEqual(
      found.json.orphans?.map((o) => [o.version_id, o.subject.state]),
      [[32, "expired"]],
    );
    assert.deepEqual(ops(await planJson(t)), [["delete", 32, "repair: orphan of old"]]);
    writeFileSync(join(t.dir, "ghpkg.yaml"), SPEC("    repair: true\n    keep:\n      - newerThan: 100d\n"));
    assert.deepEqual(ops(await planJson(t)), [], "keep wins");
    writeFileSync(join(t.dir, "ghpkg.yaml"), SPEC("    repair: true\n"));
    const applied = await t.cli(APPLY);
    assert.equal(applied.code, 0, applied.stderr);
    assert.deepEqual(t.active("octocat", "container", "app"), [10, 11, 12, 20, 31]);
    assert.equal((await check(t)).code, 0);
  });

  it("check reads each manifest once: a second check reads none again (the verified cache)", async () => {
    const t = await start(Object.values(release()));
    await breakOne(t, 12);
    const manifestReads = () =>
      t.sandbox.requests.filter((r) => /^\/v2\/.+\/manifests\//.test(r.path)).length;
    assert.equal((await check(t)).code, 2);
    const first = manifestReads();
    assert.equal(first, 3, "one read per active version: v1, amd and latest");
    assert.equal((await check(t)).code, 2);
    assert.equal(manifestReads(), first, "the second check read every manifest from the cache");
  });

  it("list --images marks broken images and orphans", async () => {
    const t = await start(Object.values(release()));
    await breakOne(t, 12);
    const list = await t.cli([
      "list",
      "--owner",
      "octocat",
      "--package",
      "container/app",
      "--images",
      "--now",
      E2E_NOW,
    ]);
    assert.equal(list.code, 0, list.stderr);
    assert.match(list.stdout, /index \(2 platforms\), broken: 1 missing/);
  });
});
