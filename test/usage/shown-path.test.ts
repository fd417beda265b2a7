import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { renderMarkdown } from "../../src/render/markdown.js";
import { assemblePlan } from "../../src/plan/plan.js";
import { shownPath } from "../../src/usage/shown-path.js";
import { NOW, version } from "../helpers/versions.js";

describe("file names from the checkout, as plans show them", () => {
  it("escapes control characters, bidirectional controls and backticks; leaves the rest", () => {
    assert.equal(shownPath("deploy/web.yaml"), "deploy/web.yaml");
    assert.equal(shownPath("déploiement/ü.yaml"), "déploiement/ü.yaml");
    assert.equal(shownPath("a\nb\u001b[31m.yaml"), "a\\u000ab\\u001b[31m.yaml");
    assert.equal(shownPath("x\u202egnp.yaml"), "x\\u202egnp.yaml");
    assert.equal(
      shownPath("a`[x](https:/evil.example)`.yaml"),
      "a\\u0060[x](https:/evil.example)\\u0060.yaml",
    );
  });

  it("a reason naming such a file stays inside its code span in the Markdown plan: it links nothing", () => {
    const reason = `delete[0]: used in ${shownPath("d/`[x](https:/evil.example)`.json")}:2`;
    const ref = { owner: "octocat", type: "npm" as const, name: "lib" };
    const plan = assemblePlan(
      {
        summary: { delete: 1, restore: 0, blocked: 0, unchanged: 0 },
        packages: [
          { ref, delete: 1, restore: 0, blocked: 0, unchanged: 0, active: 1, deleted: 0, childrenKept: 0 },
        ],
        operations: [{ action: "delete", ref, version: version(1, "1.0.0", 3), reason }],
        blocked: [],
      },
      {
        createdAt: "2026-11-24T10:00:00Z",
        specDigest: "sha256:0",
        apiUrl: "https://api.github.com",
        specPaths: [],
      },
    );
    const row = renderMarkdown(plan, NOW)
      .split("\n")
      .find((line) => line.includes("used in"))!;
    assert.match(row, /`delete\[0\]: used in d\/\\u0060\[x\]\(https:\/evil\.example\)\\u0060\.json:2`/);
    assert.equal(row.split("`").length - 1, 4, "two code spans: the version and the reason");
  });
});
