import { afterEach, describe, it } from "node:test";
import assert from "node:assert/strict";
import { copyFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { planSchemaProblems } from "../../src/plan-file/schema.js";
import type { OperationJson, PlanJson } from "../../src/plan/json.js";
import type { Sandbox } from "../../src/sandbox/server.js";
import { ROOT, runCli } from "../helpers/cli.js";
import { E2E_NOW, startExampleSandbox } from "../helpers/e2e.js";
import { imageIndex, imageVersion } from "../helpers/images.js";
import { cliEnv, pkg, versions } from "../helpers/sandbox.js";

let sandbox: Sandbox | undefined;
afterEach(() => sandbox?.close());

/** The example spec in a fresh folder, the example state in a sandbox, and a plan saved from them. */
async function savedPlan() {
  sandbox = await startExampleSandbox();
  const s = sandbox;
  const dir = mkdtempSync(join(tmpdir(), "ghpkg-saved-"));
  copyFileSync(join(ROOT, "examples/ghpkg.yaml"), join(dir, "ghpkg.yaml"));
  const cli = (...args: string[]) => runCli(args, { cwd: dir, env: cliEnv(s.url) });
  const path = join(dir, "plan.json");
  const made = await cli("plan", "--out", path, "--now", E2E_NOW);
  assert.equal(made.code, 0, made.stderr);
  const saved = JSON.parse(readFileSync(path, "utf8")) as PlanJson;
  assert.deepEqual(planSchemaProblems(saved), [], "every plan ghpkg saves is valid against its schema");
  const requestsBefore = s.requests.length;
  return {
    dir,
    sandbox: s,
    cli,
    path,
    saved,
    web: s.state.packages.find((p) => p.name === "web")!,
    /** Writes the saved plan back, edited. */
    edit(change: (plan: PlanJson & { operations: OperationJson[] }) => void) {
      const plan = JSON.parse(readFileSync(path, "utf8")) as PlanJson & { operations: OperationJson[] };
      change(plan);
      writeFileSync(path, JSON.stringify(plan, null, 2));
    },
    apply: () => cli("apply", path, "--yes", "--write-interval", "0", "--now", E2E_NOW),
    mutations: () => s.requests.filter((r) => r.method === "DELETE" || r.method === "POST").length,
    requestsSince: () => s.requests.length - requestsBefore,
  };
}

/** Asserts a refusal: exit 1, the header, each expected line, and nothing sent. */
function assertRefused(
  result: { code: number | null; stderr: string },
  t: { mutations(): number },
  ...lines: RegExp[]
) {
  assert.equal(result.code, 1, result.stderr);
  assert.match(
    result.stderr,
    /^error: refusing the saved plan .*plan\.json: it is no longer exactly what the spec asks of the live state; nothing was changed\./,
  );
  for (const line of lines) assert.match(result.stderr, line);
  assert.equal(t.mutations(), 0, "nothing was sent");
}

describe("apply PLANFILE: validate, plan again, compare", () => {
  it("applies an unchanged plan, and the sandbox ends in its state", async () => {
    const t = await savedPlan();
    const result = await t.apply();
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^Apply: 29 deleted, 1 restored, 0 failed\./m);
    for (const op of t.saved.operations) {
      const v = t.sandbox.state.packages.flatMap((p) => p.versions).find((x) => x.id === op.version_id);
      assert.equal(v?.deleted_at === null, op.action === "restore", `${op.action} ${op.version_id}`);
    }
  });

  it("refuses a delete whose version_id was changed to a version the spec keeps", async () => {
    const t = await savedPlan();
    const latest = t.web.versions.find((v) => v.tags.includes("latest"))!;
    let edited: OperationJson | undefined;
    t.edit((plan) => {
      const index = plan.operations.findIndex((o) => o.package_name === "web" && o.tags.includes("pr-12"));
      edited = plan.operations[index];
      plan.operations[index] = { ...edited!, version_id: latest.id };
    });
    const result = await t.apply();
    assertRefused(
      result,
      t,
      new RegExp(
        `^  - octocat/container/web: delete ${latest.id} \\(sha256:\\w{12}…\\) is in the saved plan but the spec no longer asks for it$`,
        "m",
      ),
      new RegExp(
        `^  - octocat/container/web: delete ${edited!.version_id} \\(sha256:\\w{12}…\\) is not in the saved plan but the spec now asks for it$`,
        "m",
      ),
    );
    assert.equal(latest.deleted_at, null);
  });

  it("refuses a delete added for a package the spec does not govern", async () => {
    const t = await savedPlan();
    t.sandbox.state.packages.push(pkg("npm", "other", versions(3, { firstId: 5001 })));
    t.edit((plan) =>
      plan.operations.push({
        ...plan.operations.find((o) => o.package_name === "lib" && o.action === "delete")!,
        package_name: "other",
        version_id: 5003,
        version_name: "1.0.1",
      }),
    );
    assertRefused(
      await t.apply(),
      t,
      /^ {2}- octocat\/npm\/other: delete 5003 \(1\.0\.1\) is in the saved plan but the spec does not govern octocat\/npm\/other$/m,
    );
  });

  it("refuses a restore the spec does not ask for", async () => {
    const t = await savedPlan();
    const loose = t.web.versions.find((v) => v.id === 1066)!;
    loose.deleted_at = "2026-11-22T10:00:00.000Z"; // deleted by hand, before the plan as far as the file says
    t.edit((plan) =>
      plan.operations.push({
        ...plan.operations.find((o) => o.version_id === 1067)!,
        action: "restore",
        version_id: 1066,
        version_name: loose.name,
        deleted_at: loose.deleted_at,
        reason: "keep[0]: tag latest",
      }),
    );
    assertRefused(
      await t.apply(),
      t,
      /^ {2}- octocat\/container\/web: restore 1066 \(sha256:\w{12}…\) is in the saved plan but the spec no longer asks for it$/m,
    );
    assert.notEqual(loose.deleted_at, null);
  });

  it("refuses a plan that would break an image pushed after it: a new tagged index lists a version it deletes", async () => {
    const t = await savedPlan();
    const loose = t.web.versions.find((v) => v.id === 1067)!;
    assert.ok(t.saved.operations.some((o) => o.version_id === loose.id && o.action === "delete"));
    t.web.versions.push(
      imageVersion(2001, imageIndex([loose]), { tags: ["v2.0.0"], ageDays: 0, now: Date.parse(E2E_NOW) }),
    );
    assertRefused(
      await t.apply(),
      t,
      /^ {2}- octocat\/container\/web: delete 1067 \(sha256:\w{12}…\) is in the saved plan but the spec no longer asks for it$/m,
    );
    assert.equal(loose.deleted_at, null);
  });

  it("refuses a plan a version of which was deleted by hand since", async () => {
    const t = await savedPlan();
    t.web.versions.find((v) => v.id === 1063)!.deleted_at = new Date().toISOString();
    assertRefused(
      await t.apply(),
      t,
      /^ {2}- octocat\/container\/web: delete 1063 \(sha256:\w{12}…\) is in the saved plan but the version is no longer active/m,
    );
  });

  it("refuses a plan whose operation changed in any field, naming the field", async () => {
    const t = await savedPlan();
    t.edit((plan) => {
      const op = plan.operations.find((o) => o.version_id === 1063)!;
      (op as unknown as { tags: string[] }).tags = ["pr-13"];
    });
    assertRefused(
      await t.apply(),
      t,
      /^ {2}- octocat\/container\/web: delete 1063 \(sha256:\w{12}…\) changed since the plan was made: tags \["pr-13"\] → \["pr-12"\]$/m,
    );
  });

  it("refuses a file that is not a plan as ghpkg writes it, listing every problem, before asking GitHub anything", async () => {
    const t = await savedPlan();
    t.edit((plan) => {
      Object.assign(plan.operations[0]!, { version_id: "1080", note: "trust me" });
      (plan as { summary?: unknown }).summary = undefined;
    });
    const result = await t.apply();
    assert.equal(result.code, 1);
    assert.equal(
      result.stderr,
      [
        `error: ${t.path} is not a plan ghpkg can apply (make it again with ghpkg plan --out); nothing was changed:`,
        "  - the plan: missing field `summary`",
        "  - operations[0].version_id: must be integer",
        "  - operations[0]: unknown field `note`",
        "",
      ].join("\n"),
    );
    assert.equal(t.requestsSince(), 0, "nothing was read from GitHub either");
  });
});

describe("apply PLANFILE finds the spec the plan was made from", () => {
  it("from another working directory, through the paths recorded relative to the plan file", async () => {
    const t = await savedPlan();
    assert.deepEqual(t.saved.spec_paths, ["ghpkg.yaml"]);
    assert.deepEqual(t.saved.spec_paths_from_plan, ["ghpkg.yaml"]);
    const elsewhere = mkdtempSync(join(tmpdir(), "ghpkg-elsewhere-"));
    const result = await runCli(["apply", t.path, "--yes", "--write-interval", "0", "--now", E2E_NOW], {
      cwd: elsewhere,
      env: cliEnv(t.sandbox.url),
    });
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /Apply: 29 deleted, 1 restored, 0 failed\./);
    assert.ok(existsSync(join(t.dir, ".ghpkg", "journal.jsonl")), "the journal sits beside the spec");
  });

  it("from the spec's folder, when the plan was saved somewhere else (as CI's temporary folder)", async () => {
    const t = await savedPlan();
    const temp = join(mkdtempSync(join(tmpdir(), "ghpkg-runner-temp-")), "plan.json");
    assert.equal((await t.cli("plan", "--out", temp, "--now", E2E_NOW)).code, 0);
    const saved = JSON.parse(readFileSync(temp, "utf8")) as PlanJson;
    assert.deepEqual(planSchemaProblems(saved), []);
    const result = await t.cli("apply", temp, "--yes", "--write-interval", "0", "--now", E2E_NOW);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /Apply: 29 deleted, 1 restored, 0 failed\./);
  });

  it("refuses to guess when the working directory and the plan's folder hold different specs", async () => {
    const t = await savedPlan();
    const other = mkdtempSync(join(tmpdir(), "ghpkg-other-"));
    writeFileSync(join(other, "ghpkg.yaml"), "version: 1\nowner: octocat\npackages: []\n");
    const result = await runCli(["apply", t.path, "--yes", "--write-interval", "0", "--now", E2E_NOW], {
      cwd: other,
      env: cliEnv(t.sandbox.url),
    });
    assert.equal(result.code, 1);
    assert.equal(
      result.stderr,
      `error: the plan's spec path ghpkg.yaml names two different files: ${join(other, "ghpkg.yaml")} (from the working directory) and ${join(t.dir, "ghpkg.yaml")} (from the plan's folder); say which with -f\n`,
    );
    assert.equal(t.mutations(), 0);
  });
});
