import { afterEach, describe, it } from "node:test";
import assert from "node:assert/strict";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import type { Sandbox } from "../../src/sandbox/server.js";
import { readJournal } from "../../src/journal/journal.js";
import type { ApplyReportJson } from "../../src/reconcile/report-json.js";
import { ROOT, runCli } from "../helpers/cli.js";
import { E2E_NOW, startExampleSandbox } from "../helpers/e2e.js";
import { cliEnv, TOKEN } from "../helpers/sandbox.js";

const validate = new Ajv2020({ strict: true, allErrors: true, allowUnionTypes: true }).compile(
  JSON.parse(readFileSync(join(ROOT, "schemas/ghpkg-apply-report.schema.json"), "utf8")) as object,
);

let sandbox: Sandbox | undefined;
afterEach(() => sandbox?.close());

async function setup() {
  const s = (sandbox = await startExampleSandbox());
  const dir = mkdtempSync(join(tmpdir(), "ghpkg-report-"));
  copyFileSync(join(ROOT, "examples/ghpkg.yaml"), join(dir, "ghpkg.yaml"));
  const cli = (...args: string[]) => runCli(args, { cwd: dir, env: cliEnv(s.url) });
  const mutations = () => s.requests.filter((r) => r.method === "DELETE" || r.method === "POST").length;
  return { dir, cli, mutations, sandbox: s, report: join(dir, "report.json") };
}

const read = (path: string) => JSON.parse(readFileSync(path, "utf8")) as ApplyReportJson;

function assertValid(report: unknown): void {
  assert.ok(validate(report), JSON.stringify(validate.errors, null, 2));
}

describe("apply --report: what the run did, as JSON", () => {
  it("names the run, each operation's outcome and the counts, as the sandbox and the journal say", async () => {
    const t = await setup();
    const run = await t.cli(
      "apply",
      "--yes",
      "--write-interval",
      "0",
      "--now",
      E2E_NOW,
      "--report",
      t.report,
    );
    assert.equal(run.code, 0, run.stderr);
    const report = read(t.report);
    assertValid(report);
    assert.match(report.run_id, /^\d{8}T\d{6}Z-[0-9a-f]{6}$/);
    assert.match(run.stdout, new RegExp(`^Apply run ${report.run_id}: 29 deletes and 1 restore\\.$`, "m"));
    assert.match(run.stdout, new RegExp(`Run ${report.run_id}\\. Journal: `));
    assert.deepEqual(report.counts, { deleted: 29, restored: 1, failed: 0, skipped: 0, not_started: 0 });
    assert.equal(report.operations.length, 30);
    assert.ok(report.operations.every((op) => op.outcome === "done"));
    assert.equal(t.mutations(), 30);
    const journal = readJournal(join(t.dir, ".ghpkg", "journal.jsonl"));
    assert.ok(
      journal.length > 0 && journal.every((line) => line.run === report.run_id),
      "each journal line names the run",
    );
    assert.equal(report.journal, join(".ghpkg", "journal.jsonl"));
  });

  it("says why nothing was applied: a plan over --max-deletes", async () => {
    const t = await setup();
    const run = await t.cli("apply", "--yes", "--now", E2E_NOW, "--max-deletes", "5", "--report", t.report);
    assert.equal(run.code, 1);
    const report = read(t.report);
    assertValid(report);
    assert.equal(report.plan, null);
    assert.match(report.error ?? "", /more than --max-deletes 5; nothing was changed/);
    assert.equal(t.mutations(), 0);
  });

  it("a --report path that cannot take a file is refused before anything is read or sent", async () => {
    const t = await setup();
    mkdirSync(join(t.dir, "folder"));
    const run = await t.cli("apply", "--yes", "--now", E2E_NOW, "--report", "folder");
    assert.equal(run.code, 1);
    assert.equal(
      run.stderr,
      "error: cannot save the report to folder: it is a folder, and --report only replaces a regular file\n",
    );
    assert.equal(t.sandbox.requests.length, 0);
    const spec = await t.cli("apply", "--yes", "--now", E2E_NOW, "--report", "ghpkg.yaml");
    assert.match(
      spec.stderr,
      /^error: cannot save the report to ghpkg\.yaml: it is the spec file ghpkg\.yaml$/m,
    );
    assert.equal(t.sandbox.requests.length, 0);
  });

  it("holds no token, whatever an error carried", async () => {
    const t = await setup();
    t.sandbox.state.tokens = {};
    const run = await t.cli("apply", "--yes", "--now", E2E_NOW, "--report", t.report);
    assert.equal(run.code, 1);
    const text = readFileSync(t.report, "utf8");
    assertValid(JSON.parse(text));
    assert.ok(!text.includes(TOKEN));
    assert.match(read(t.report).error ?? "", /401/);
  });
});
