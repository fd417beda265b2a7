import { afterEach, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Sandbox } from "../../src/sandbox/server.js";
import { startSandbox } from "../../src/sandbox/server.js";
import type { SandboxPackage, SandboxVersion } from "../../src/sandbox/state.js";
import { runCli, startCli } from "../helpers/cli.js";
import { imageIndex, imageVersion, platformImage } from "../helpers/images.js";
import { cliEnv, pkg, state, versions } from "../helpers/sandbox.js";

const DAY = 86_400_000;

/**
 * Three packages, 200 versions to delete: container/app holds 25 releases, each an index that lists
 * a nested index (two platform images) and an image of its own; container/tool 15 releases of an
 * index and two platform images; npm/lib 31 versions, the newest kept. Each container package keeps
 * its `latest`. Everything follows the clock (the test's, the sandbox's and ghpkg's alike), which
 * the sandbox can be moved ahead of.
 */
function packages(): SandboxPackage[] {
  const app: SandboxVersion[] = [];
  let id = 1000;
  for (let r = 0; r < 25; r++) {
    const a = imageVersion(id++, platformImage(`app${r}a1`), { ageDays: 60 });
    const b = imageVersion(id++, platformImage(`app${r}a2`), { ageDays: 60 });
    const nested = imageVersion(id++, imageIndex([a, b]), { ageDays: 60 });
    const own = imageVersion(id++, platformImage(`app${r}b`), { ageDays: 60 });
    const top = imageVersion(id++, imageIndex([nested, own]), { tags: [`r${r}`], ageDays: 60 });
    app.push(top, nested, a, b, own);
  }
  app.push(imageVersion(id++, platformImage("applatest"), { tags: ["latest"], ageDays: 1 }));
  const tool: SandboxVersion[] = [];
  for (let r = 0; r < 15; r++) {
    const a = imageVersion(id++, platformImage(`tool${r}a`), { ageDays: 50 });
    const b = imageVersion(id++, platformImage(`tool${r}b`), { ageDays: 50 });
    tool.push(imageVersion(id++, imageIndex([a, b]), { tags: [`t${r}`], ageDays: 50 }), a, b);
  }
  tool.push(imageVersion(id, platformImage("toollatest"), { tags: ["latest"], ageDays: 1 }));
  return [
    pkg("container", "app", app),
    pkg("container", "tool", tool),
    pkg("npm", "lib", versions(31, { firstId: 5000 })),
  ];
}

const SPEC = `version: 1
owner: octocat
packages:
  - type: container
    name: app
    delete:
      - tag: "r*"
  - type: container
    name: tool
    delete:
      - tag: "t*"
  - type: npm
    name: lib
    keep:
      - newest: 1
    unmatched: delete
`;

let sandbox: Sandbox | undefined;
afterEach(() => sandbox?.close());

async function setup() {
  let offsetMs = 0;
  const s = (sandbox = await startSandbox({ state: state(packages()), clock: () => Date.now() + offsetMs }));
  const dir = mkdtempSync(join(tmpdir(), "ghpkg-undo-"));
  writeFileSync(join(dir, "ghpkg.yaml"), SPEC);
  const cli = (...args: string[]) =>
    runCli(["--registry-url", s.url, ...args], { cwd: dir, env: cliEnv(s.url) });
  const deleted = () =>
    s.state.packages.flatMap((p) => p.versions.filter((v) => v.deleted_at !== null).map((v) => v.id));
  return {
    sandbox: s,
    dir,
    cli,
    deleted,
    /** Moves the sandbox's clock ahead: what ghpkg is told with --now. */
    advance(days: number) {
      offsetMs += days * DAY;
      return new Date(Date.now() + offsetMs).toISOString();
    },
  };
}

/** Every index the sandbox holds active lists only active versions: every image pulls. */
function assertEveryImagePulls(s: Sandbox): void {
  for (const p of s.state.packages.filter((p) => p.type === "container")) {
    const active = new Set(p.versions.filter((v) => v.deleted_at === null).map((v) => v.name));
    for (const v of p.versions.filter((v) => v.deleted_at === null && v.manifest?.manifests))
      for (const child of v.manifest!.manifests as { digest: string }[])
        assert.ok(active.has(child.digest), `${p.name} ${v.tags.join(",") || v.id} lists a deleted child`);
  }
}

async function applied(t: Awaited<ReturnType<typeof setup>>): Promise<string> {
  const run = await t.cli("apply", "--yes", "--write-interval", "0");
  assert.equal(run.code, 0, run.stderr);
  assert.equal(t.deleted().length, 200, "the run deleted 200 versions");
  const id = /^Apply run (\S+): 200 deletes and 0 restores\.$/m.exec(run.stdout)?.[1];
  assert.ok(id, run.stdout);
  return id;
}

describe("ghpkg undo", () => {
  it("lists the runs, undoes one of 200 deletes across three packages with nested indexes, and a second undo does nothing", async () => {
    const t = await setup();
    const id = await applied(t);

    const list = await t.cli("undo");
    assert.equal(list.code, 0, list.stderr);
    assert.match(list.stdout, new RegExp(`^${id}\\s+\\S+ \\(0m ago\\)\\s+200\\s+0\\s+0\\s+in full$`, "m"));

    const undo = await t.cli("undo", id.slice(0, 18), "--yes", "--write-interval", "0");
    assert.equal(undo.code, 0, undo.stderr);
    assert.deepEqual(t.deleted(), [], "every version the run deleted is back");
    assertEveryImagePulls(t.sandbox);
    assert.match(undo.stdout, /^Undo: 0 deleted, 200 restored, 0 failed\. Run \S+\. Journal: /m);
    assert.match(undo.stdout, /^# octocat\/npm\/lib\nkeep:\n {2}- id: \[5001, 5002, .*, 5030\]$/m);
    assert.match(undo.stdout, /^# octocat\/container\/app\nkeep:\n {2}- id: \[1000, 1001, /m);

    const again = await t.cli("undo", id, "--yes", "--write-interval", "0");
    assert.equal(again.code, 0, again.stderr);
    assert.match(
      again.stdout,
      /^Nothing to undo: every version run \S+ deleted and that can come back is active\.$/m,
    );
    assert.equal(
      t.sandbox.requests.filter((r) => r.method === "POST").length,
      200,
      "the second undo sent nothing",
    );

    const runs = JSON.parse((await t.cli("undo", "--format", "json")).stdout) as {
      run_id: string;
      restored: number;
    }[];
    assert.deepEqual(
      runs.map((r) => r.restored),
      [0, 200],
      "the undo is a run of its own, in the journal",
    );
  });

  it("does what the live state calls for: a version restored since is left alone", async () => {
    const t = await setup();
    const id = await applied(t);
    const lib = t.sandbox.state.packages.find((p) => p.name === "lib")!;
    for (const v of lib.versions.slice(1, 11)) v.deleted_at = null; // someone restored ten by hand
    const undo = await t.cli("undo", id, "--yes", "--write-interval", "0", "--format", "json");
    assert.equal(undo.code, 0, undo.stderr);
    const plan = JSON.parse(undo.stdout) as { summary: { restore: number } };
    assert.equal(plan.summary.restore, 190);
    assert.deepEqual(t.deleted(), []);
  });

  it("undoes a run that was stopped half-way: what it did delete comes back, nothing else is touched", async () => {
    const t = await setup();
    const { child, result } = startCli(
      ["--registry-url", t.sandbox.url, "apply", "--yes", "--write-interval", "20"],
      { cwd: t.dir, env: cliEnv(t.sandbox.url) },
    );
    while (t.deleted().length < 20) await new Promise((r) => setTimeout(r, 10));
    child.kill("SIGINT"); // Ctrl-C: nothing new is sent
    const run = await result;
    assert.equal(run.code, 130, run.stderr);
    const id = /^Apply run (\S+):/m.exec(run.stdout)?.[1] ?? "";
    const gone = t.deleted().length;
    assert.ok(gone > 0 && gone < 200, `${gone} deleted before --max-duration`);
    const undo = await t.cli("undo", id, "--yes", "--write-interval", "0");
    assert.equal(undo.code, 0, undo.stderr);
    assert.match(undo.stdout, new RegExp(`^Undo: 0 deleted, ${gone} restored, 0 failed\\.`, "m"));
    assert.deepEqual(t.deleted(), []);
    assertEveryImagePulls(t.sandbox);
  });

  it("a run 31 days old: each version is blocked with the reason, and the undo says it is not whole", async () => {
    const t = await setup();
    const id = await applied(t);
    const now = t.advance(31);
    const list = await t.cli("undo", "--now", now);
    assert.match(
      list.stdout,
      new RegExp(`^${id}\\s.*\\s200\\s+0\\s+0\\s+no: deleted more than 30 days ago$`, "m"),
    );
    const undo = await t.cli("undo", id, "--yes", "--now", now, "--format", "json");
    assert.equal(undo.code, 1);
    const plan = JSON.parse(undo.stdout) as { operations: unknown[]; blocked: { why: string }[] };
    assert.equal(plan.operations.length, 0);
    assert.equal(plan.blocked.length, 200);
    assert.ok(plan.blocked.every((b) => b.why === "deleted more than 30 days ago"));
    assert.match(undo.stderr, /not undone in full: 200 versions cannot come back/);
    assert.equal(t.deleted().length, 200);
  });

  it("names what it cannot find: an unknown run, a prefix two runs share", async () => {
    const t = await setup();
    const missing = await t.cli("undo", "20990101T000000Z-000000", "--yes");
    assert.equal(missing.code, 1);
    assert.match(
      missing.stderr,
      /^error: cannot undo: the journal knows no run 20990101T000000Z-000000 \(it holds no run\)$/m,
    );
  });
});
