import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { parseApplyOutput, renderApplyReport } from "../../src/gitops/apply-report.js";

describe("apply's report, read back from what ghpkg printed", () => {
  it("counts, failures with GitHub's reasons, and what was left", () => {
    const report = parseApplyOutput({
      code: 1,
      stdout:
        "done: delete octocat/npm/lib 1.0.1\ndone: delete octocat/npm/lib 1.0.2\n" +
        "Apply: 2 deleted, 1 restored, 2 failed, 40 not started. Journal: .ghpkg/journal.jsonl\n",
      stderr:
        "failed: delete hubot/npm/tool 1.0.3: You do not have admin permissions on this package.\n" +
        "failed: delete octocat/container/web sha256:0123456789ab… [v1, latest]: Server | Error\n" +
        "skipped: delete octocat/npm/lib 1.0.9: its image's delete failed\n",
    });
    assert.deepEqual(report, {
      summary: "Apply: 2 deleted, 1 restored, 2 failed, 40 not started.",
      deleted: 2,
      restored: 1,
      failed: 2,
      left: 40,
      failures: [
        {
          operation: "delete hubot/npm/tool 1.0.3",
          reason: "You do not have admin permissions on this package.",
        },
        {
          operation: "delete octocat/container/web sha256:0123456789ab… [v1, latest]",
          reason: "Server | Error",
        },
      ],
      error: undefined,
    });
    const markdown = renderApplyReport(report, 1);
    assert.match(
      markdown,
      /^### ghpkg apply\n\n\*\*Apply: 2 deleted, 1 restored, 2 failed, 40 not started\.\*\*\n/,
    );
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
    const report = parseApplyOutput({
      code: 1,
      stdout: "",
      stderr:
        "error: refusing the plan: it deletes 29 versions, more than --max-deletes 5; nothing was changed\n",
    });
    assert.equal(report.summary, undefined);
    assert.deepEqual([report.deleted, report.restored, report.failed], [0, 0, 0]);
    assert.equal(
      renderApplyReport(report, 1),
      "### ghpkg apply\n\n**Not applied:** refusing the plan: it deletes 29 versions, more than --max-deletes 5; nothing was changed\n",
    );
  });

  it("nothing to do", () => {
    const report = parseApplyOutput({
      code: 0,
      stdout: "No changes: the live versions match the spec.\n",
      stderr: "",
    });
    assert.match(renderApplyReport(report, 0), /\*\*No changes:\*\* the live versions match the spec\./);
  });

  it("GitHub's text never renders as HTML, and a thousand failures do not flood the summary", () => {
    const stderr = Array.from(
      { length: 1500 },
      (_, i) => `failed: delete octocat/npm/lib 1.0.${i}: <img src=x>\n`,
    ).join("");
    const report = parseApplyOutput({
      code: 1,
      stdout: "Apply: 0 deleted, 0 restored, 1500 failed.\n",
      stderr,
    });
    const markdown = renderApplyReport(report, 1);
    assert.ok(!markdown.includes("<img"));
    assert.equal(markdown.match(/^\| `delete/gm)?.length, 1000);
    assert.match(markdown, /… and 500 more failures \(the step's log lists every one\)\./);
  });
});
