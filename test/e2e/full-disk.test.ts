import { afterEach, describe, it } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import {
  closeSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readJournal } from "../../src/journal/journal.js";
import type { PlanJson } from "../../src/plan/json.js";
import { readPack } from "../../src/registry/manifest-pack.js";
import { APPLY, applyRig, journalCounts, type ApplyRig } from "../helpers/apply-run.js";
import { ROOT, runCli } from "../helpers/cli.js";
import { E2E_NOW } from "../helpers/e2e.js";
import { smallDisk } from "../helpers/full-disk.js";

// A real full disk, not a simulated one: each test mounts a small tmpfs, fills it to the block with
// a filler file, and runs the real CLI against the sandbox with the file in question on it.

let rig: ApplyRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

/** How every file message words it (files/fs-reason.ts): the journal, --out, the spec's own files. */
const FULL = "no space left on the device (ENOSPC)";
const PLAN = ["plan", "--format", "json", "--now", E2E_NOW];
const mutated = (r: ApplyRig) => r.proxy.mutations.map((m) => Number(/versions\/(\d+)/.exec(m.path)?.[1]));
const manifestReads = (r: ApplyRig) =>
  r.sandbox.requests.filter((q) => q.path.includes("/manifests/")).length;
const sorted = (ids: readonly number[]) => [...ids].sort((a, b) => a - b);
/** What a plan decides, without its clock-free parts that differ from run to run. */
const decisions = (plan: PlanJson) => ({
  operations: plan.operations,
  blocked: plan.blocked,
  summary: plan.summary,
});

describe("a real full disk", () => {
  it("apply: the journal fills the disk mid-run; nothing more is sent, and every request sent was journaled first", async (t) => {
    const disk = smallDisk(t, 1024);
    if (!disk) return;
    rig = await applyRig();
    const journal = join(disk.dir, "ghpkg", "journal.jsonl");
    // The manifest cache sits beside the journal: a plan fills it first, so that apply adds only the
    // lock (one block) and the journal (the other).
    const planned = await rig.cli(...PLAN, "--journal", journal);
    assert.equal(planned.code, 0, planned.stderr);
    const operations = (JSON.parse(planned.stdout) as PlanJson).operations.length;
    disk.leave(2);

    const result = await rig.cli(...APPLY, "--write-interval", "0", "--journal", journal);
    assert.equal(result.code, 1, result.stderr);
    assert.equal(
      result.stderr,
      `error: cannot write the journal ${journal}: ${FULL}; nothing more was sent (what was done is listed above)\n`,
    );
    const torn: number[] = [];
    const sent = readJournal(journal, (line) => torn.push(line))
      .filter((e) => e.event === "sent")
      .map((e) => e.version_id);
    assert.ok(sent.length > 0 && sent.length < operations, `${sent.length} of ${operations} sent`);
    t.diagnostic(`${sent.length} of ${operations} operations sent before the disk was full`);
    // Each request the sandbox received has its `sent` line, and each `sent` line its request.
    assert.deepEqual(sorted(mutated(rig)), sorted(sent));
    assert.ok(!existsSync(`${journal}.lock`), "the lock is released");
    assert.ok(readFileSync(journal, "utf8").endsWith("\n"), "no line is left cut off by the full disk");
    assert.deepEqual(torn, []);

    // With room again, the next run does the rest, without a word about a cut-off line.
    disk.empty();
    const next = await rig.cli(...APPLY, "--write-interval", "0", "--journal", journal);
    assert.equal(next.code, 0, next.stderr);
    assert.equal(next.stderr, "");
    assert.equal(new Set(mutated(rig)).size, operations);
  });

  it("apply: the journal cannot take its first line; one line, exit 1, nothing sent", async (t) => {
    const disk = smallDisk(t, 1024);
    if (!disk) return;
    rig = await applyRig();
    const journal = join(disk.dir, "ghpkg", "journal.jsonl");
    const planned = await rig.cli(...PLAN, "--journal", journal); // the manifest cache, as above
    assert.equal(planned.code, 0, planned.stderr);
    disk.leave(1); // the lock takes it
    const result = await rig.cli(...APPLY, "--write-interval", "0", "--journal", journal);
    assert.equal(result.code, 1);
    assert.equal(
      result.stderr,
      `error: cannot write the journal ${journal}: ${FULL}; nothing more was sent (what was done is listed above)\n`,
    );
    assert.match(
      result.stdout,
      /^Apply: 0 deleted, 0 restored, 0 failed, \d+ not started\. Run \d{8}T\d{6}Z-[0-9a-f]{6}\. Journal: /m,
    );
    assert.equal(rig.proxy.mutations.length, 0);
    assert.equal(readFileSync(journal, "utf8"), "");
    assert.ok(!existsSync(`${journal}.lock`), "the lock is released");
  });

  for (const folder of ["there", "not there"])
    it(`apply: the lock cannot be created on a full disk (its folder ${folder}); one line, exit 1, nothing sent`, async (t) => {
      const disk = smallDisk(t, 64);
      if (!disk) return;
      rig = await applyRig();
      const journal = join(disk.dir, "ghpkg", "journal.jsonl");
      if (folder === "there") mkdirSync(join(disk.dir, "ghpkg"));
      disk.leave(0);
      const result = await rig.cli(...APPLY, "--write-interval", "0", "--journal", journal);
      assert.equal(result.code, 1);
      assert.equal(result.stderr, `error: cannot write the lock ${journal}.lock: ${FULL}\n`);
      assert.equal(result.stdout, "");
      assert.equal(rig.sandbox.requests.length, 0, "nothing is read, let alone sent");
      assert.deepEqual(disk.entries("ghpkg"), [], "no lock and no half-made lock is left");
    });

  for (const free of [0, 1])
    it(`plan --out on a full disk (${free} block free): one line, exit 1, no plan file`, async (t) => {
      const disk = smallDisk(t, 64);
      if (!disk) return;
      rig = await applyRig();
      const out = join(disk.dir, "plan.json");
      disk.leave(free);
      const result = await rig.cli(...PLAN, "--out", out);
      assert.equal(result.code, 1);
      assert.equal(result.stderr, `error: cannot save the plan to ${out}: ${FULL}\n`);
      assert.equal(result.stdout, "");
      assert.deepEqual(disk.entries(), [], "no plan file, empty or partial, and no temporary file");
    });

  it("plan --out on a full disk leaves an earlier plan file byte for byte as it was", async (t) => {
    const disk = smallDisk(t, 64);
    if (!disk) return;
    rig = await applyRig();
    const out = join(disk.dir, "plan.json");
    const earlier = Buffer.from(`${JSON.stringify({ format_version: 1, earlier: true })}\n`);
    writeFileSync(out, earlier);
    // One block left: the new plan (larger than a block) starts to be written, and cannot be finished.
    disk.leave(1);
    const result = await rig.cli(...PLAN, "--out", out);
    assert.equal(result.code, 1);
    assert.equal(result.stderr, `error: cannot save the plan to ${out}: ${FULL}\n`);
    assert.deepEqual(readFileSync(out), earlier);
    assert.deepEqual(disk.entries(), ["plan.json"]);
  });

  it("plan > FILE on a full disk: one line, exit 1, no stack trace", async (t) => {
    const disk = smallDisk(t, 64);
    if (!disk) return;
    rig = await applyRig();
    const out = join(disk.dir, "plan.json");
    disk.leave(1); // the plan's JSON is larger than a block: it starts to be written
    const fd = openSync(out, "w");
    const result = await runCli([...PLAN, "--detailed-exitcode"], { cwd: rig.dir, env: rig.env, stdout: fd });
    closeSync(fd);
    assert.equal(result.code, 1, "an error, not 2 (a plan with changes)");
    assert.equal(result.stderr, `error: cannot write standard output: ${FULL}\n`);
  });

  it("apply > FILE on a full disk: the run is not cut short, the journal is whole, exit 1", async (t) => {
    const disk = smallDisk(t, 64);
    if (!disk) return;
    rig = await applyRig();
    const planned = (await rig.plan()).operations.length;
    const log = join(disk.dir, "apply.log");
    disk.leave(0);
    const fd = openSync(log, "w");
    const result = await runCli([...APPLY, "--write-interval", "0"], {
      cwd: rig.dir,
      env: rig.env,
      stdout: fd,
    });
    closeSync(fd);
    assert.equal(result.code, 1);
    assert.equal(result.stderr, `error: cannot write standard output: ${FULL}\n`);
    // Output that cannot be written stops nothing: the journal (on a disk with room) is the record.
    const { sent, settled } = journalCounts(rig.journal());
    assert.equal(mutated(rig).length, planned);
    assert.deepEqual(sorted(sent), sorted(mutated(rig)));
    assert.deepEqual(sorted(settled), sorted(sent), "every request sent has its outcome journaled");
    assert.equal((await rig.plan()).operations.length, 0, "every operation was carried out");
    assert.ok(!rig.lockExists());
  });

  it("the manifest cache on a full disk: the plan is right, nothing torn is kept, and it fills in later", async (t) => {
    const disk = smallDisk(t, 1024);
    if (!disk) return;
    rig = await applyRig();
    const r = rig;
    const expected = decisions(await rig.plan()); // with its cache elsewhere, on a roomy disk
    const readsAlone = manifestReads(rig);
    assert.ok(readsAlone > 0);
    const journal = join(disk.dir, "ghpkg", "journal.jsonl");
    const packs = join(disk.dir, "ghpkg", "cache", "manifests", "packs");
    const plan = async () => {
      const before = manifestReads(r);
      const result = await r.cli(...PLAN, "--journal", journal);
      assert.equal(result.code, 0, result.stderr);
      assert.equal(result.stderr, "", "a cache that cannot be written is not the user's concern");
      assert.deepEqual(decisions(JSON.parse(result.stdout) as PlanJson), expected);
      return manifestReads(r) - before;
    };
    /** Every entry a pack holds is whole: its bytes hash to its digest. */
    const assertNothingTorn = () => {
      for (const name of existsSync(packs) ? readdirSync(packs) : []) {
        const pack = readPack(join(packs, name));
        for (const hex of pack.keys())
          assert.equal(
            createHash("sha256")
              .update(pack.get(hex) ?? "")
              .digest("hex"),
            hex,
            `${name} ${hex}`,
          );
      }
    };
    const cached = () =>
      (existsSync(packs) ? readdirSync(packs) : []).reduce(
        (n, name) => n + readPack(join(packs, name)).size,
        0,
      );

    mkdirSync(join(disk.dir, "ghpkg"));
    disk.leave(0);
    assert.equal(await plan(), readsAlone, "a full disk: every manifest is read from the registry");
    assert.equal(cached(), 0);

    // One block: the first pack's entries fill it until one is cut short by the full disk (and taken back).
    disk.empty();
    disk.leave(1);
    assert.equal(await plan(), readsAlone);
    assertNothingTorn();
    const partly = cached();
    assert.ok(partly > 0 && partly < readsAlone, `${partly} of ${readsAlone} cached`);

    // Room again: what is missing is read once more and cached, and after that nothing is read again.
    disk.empty();
    assert.equal(await plan(), readsAlone - partly);
    assertNothingTorn();
    assert.equal(cached(), readsAlone);
    assert.equal(await plan(), 0, "a repeated plan reads no manifest again");
  });

  it("the CLI's code cache on a full disk: the command runs as ever, says nothing of it, leaves no file", async (t) => {
    const disk = smallDisk(t, 4096);
    if (!disk) return;
    const dir = mkdtempSync(join(tmpdir(), "ghpkg-disk-spec-"));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    writeFileSync(join(dir, "ghpkg.yaml"), readFileSync(join(ROOT, "examples/ghpkg.yaml")));
    const cache = join(disk.dir, "v8");
    mkdirSync(cache, { mode: 0o700 });
    const validate = (folder: string) =>
      runCli(["validate"], { cwd: dir, env: { GHPKG_COMPILE_CACHE: folder } });
    const expected = await validate("off");
    assert.equal(expected.code, 0, expected.stderr);

    // The disk does hold a cache when it has room: so the runs below do try to write one.
    assert.deepEqual(await validate(cache), expected);
    assert.equal(disk.entries("v8").length, 1);
    rmSync(join(cache, disk.entries("v8")[0] ?? ""));

    for (const free of [0, 1]) {
      disk.leave(free);
      assert.deepEqual(await validate(cache), expected, `${free} block free`);
      assert.deepEqual(readdirSync(cache), [], "no cache, whole or partial");
      disk.empty();
    }
  });
});
