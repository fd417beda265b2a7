import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readApplyReport, renderApplyReport } from "../../src/gitops/apply-report.js";
import type { ApplyReportJson, OperationOutcomeJson } from "../../src/reconcile/report-json.js";

const NO_OUTPUT = { code: 0, stdout: "", stderr: "" };

function operation(
  id: number,
  outcome: OperationOutcomeJson["outcome"],
  extra: Partial<OperationOutcomeJson> = {},
) {
  return {
    action: "delete",
    owner: "octocat",
    package_type: "npm",
    package_name: "lib",
    version_id: id,
    version_name: `1.0.${id}`,
    tags: [],
    reason: "unmatched: delete",
    version_created_at: "2026-11-01T00:00:00Z",
    deleted_at: null,
    outcome,
    ...extra,
  } as const satisfies OperationOutcomeJson;
}

function reportFile(json: Partial<ApplyReportJson>): string {
  const path = join(mkdtempSync(join(tmpdir(), "ghpkg-report-")), "report.json");
  const full: ApplyReportJson = {
    format_version: 1,
    run_id: "20261124T100000Z-3f9a2c",
    journal: ".ghpkg/journal.jsonl",
    plan: {
      created_at: "2026-11-24T10:00:00Z",
      spec_digest: `sha256:${"0".repeat(64)}`,
      api_url: "https://api.github.com",
      summary: { delete: 3, restore: 0, blocked: 0, unchanged: 1 },
    },
    counts: { deleted: 0, restored: 0, failed: 0, skipped: 0, not_started: 0 },
    stopped_by: null,
    error: null,
    operations: [],
    ...json,
  };
  writeFileSync(path, JSON.stringify(full));
  return path;
}

describe("the Action's apply report, read from `ghpkg apply --report`", () => {
  it("counts, failures with GitHub's reasons, what was left, and the run to undo", () => {
    const path = reportFile({
      counts: { deleted: 2, restored: 1, failed: 2, skipped: 0, not_started: 40 },
      stopped_by: "out of time",
      operations: [
        operation(1, "done"),
        operation(3, "failed", {
          owner: "hubot",
          package_name: "tool",
          message: "You do not have admin permissions on this package.",
        }),
        operation(4, "failed", {
          package_type: "container",
          package_name: "web",
          version_name: "sha256:0123",
          tags: ["v1", "latest"],
          message: "Server | Error",
        }),
        operation(5, "not sent"),
      ],
    });
    const report = readApplyReport(path, NO_OUTPUT);
    assert.equal(report.summary, "Apply: 2 deleted, 1 restored, 2 failed, 40 not started.");
    assert.deepEqual(report.failures, [
      {
        operation: "delete hubot/npm/tool 1.0.3",
        reason: "You do not have admin permissions on this package.",
      },
      { operation: "delete octocat/container/web sha256:0123 [v1, latest]", reason: "Server | Error" },
    ]);
    const markdown = renderApplyReport(report, 1);
    assert.match(
      markdown,
      /^### ghpkg apply\n\n\*\*Apply: 2 deleted, 1 restored, 2 failed, 40 not started\.\*\*\n/,
    );
    assert.match(markdown, /`ghpkg undo 20261124T100000Z-3f9a2c`/);
    assert.match(markdown, /\| 2 \| 1 \| 2 \| 40 \|/);
    assert.match(
      markdown,
      /\| `delete hubot\/npm\/tool 1\.0\.3` \| You do not have admin permissions on this package\. \|/,
    );
    assert.match(markdown, /\| Server \\\| Error \|/, "a pipe in GitHub's text does not end the cell");
    assert.match(
      markdown,
      /40 operations were not started; the next run carries on where this one stopped\./,
    );
  });

  it("a refused plan: no counts, the reason in the summary", () => {
    const path = reportFile({
      plan: null,
      journal: null,
      error: "refusing the plan: it deletes 29 versions, more than --max-deletes 5; nothing was changed",
    });
    const report = readApplyReport(path, { ...NO_OUTPUT, code: 1 });
    assert.equal(report.summary, undefined);
    assert.deepEqual([report.deleted, report.restored, report.failed], [0, 0, 0]);
    assert.equal(
      renderApplyReport(report, 1),
      "### ghpkg apply\n\n**Not applied:** refusing the plan: it deletes 29 versions, more than --max-deletes 5; nothing was changed\n",
    );
  });

  it("no report at all (ghpkg stopped before it could write one): its error lines say why", () => {
    const report = readApplyReport(join(tmpdir(), "ghpkg-no-such-report.json"), {
      code: 1,
      stdout: "",
      stderr: "error: unknown option '--bogus'\n",
    });
    assert.equal(report.error, "unknown option '--bogus'");
  });

  it("nothing to do", () => {
    const report = readApplyReport(reportFile({}), NO_OUTPUT);
    assert.match(renderApplyReport(report, 0), /\*\*No changes:\*\* the live versions match the spec\./);
  });

  it("GitHub's text never renders as HTML, and a thousand failures do not flood the summary", () => {
    const path = reportFile({
      counts: { deleted: 0, restored: 0, failed: 1500, skipped: 0, not_started: 0 },
      operations: Array.from({ length: 1500 }, (_, i) =>
        operation(i + 1, "failed", { message: "<img src=x>" }),
      ),
    });
    const markdown = renderApplyReport(readApplyReport(path, NO_OUTPUT), 1);
    assert.ok(!markdown.includes("<img"));
    assert.equal(markdown.match(/^\| `delete/gm)?.length, 1000);
    assert.match(markdown, /… and 500 more failures \(the step's log lists every one\)\./);
  });
});
