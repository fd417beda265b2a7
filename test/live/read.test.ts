import { after, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openJournal, readJournal } from "../../src/live/journal.js";
import { readLiveState } from "../../src/live/read.js";
import { compileSelector } from "../../src/select/selector.js";
import type { PackageSpec } from "../../src/spec/types.js";
import type { Sandbox } from "../../src/sandbox/server.js";
import { pkg, sandbox, source, versions } from "../helpers/sandbox.js";

function spec(name: string, keep: Record<string, unknown>[] = [], owner = "octocat"): PackageSpec {
  return {
    owner,
    type: "npm",
    name,
    keep: keep.map((k, i) => compileSelector(k, `keep[${i}]`)),
    delete: [],
    unmatched: "ignore",
    at: { file: "ghpkg.yaml", line: 1, column: 1 },
  };
}

const opened: Sandbox[] = [];
after(() => Promise.all(opened.map((s) => s.close())));

describe("readLiveState", () => {
  it("sends no GET /user and no deleted listing when no keep can restore", async () => {
    const s = await sandbox([pkg("npm", "a", versions(3)), pkg("npm", "b", versions(2, { firstId: 10 }))]);
    opened.push(s);
    const live = await readLiveState(source(s.url), [spec("a", [{ semver: "*" }]), spec("b")], {
      concurrency: 8,
      journal: [],
    });
    assert.deepEqual(
      live.map((p) => [p.ref.name, p.versions.length]),
      [
        ["a", 3],
        ["b", 2],
      ],
    );
    assert.deepEqual(s.requests.map((r) => r.path.split("?")[0]).sort(), [
      "/users/octocat/packages/npm/a/versions",
      "/users/octocat/packages/npm/b/versions",
    ]);
  });

  it("asks GET /user once, and lists deleted versions of the viewer's packages that can restore", async () => {
    const list = versions(3);
    list[2] = { ...list[2]!, deleted_at: new Date().toISOString() };
    const s = await sandbox([pkg("npm", "a", list), pkg("npm", "b", versions(2, { firstId: 10 }))]);
    opened.push(s);
    const live = await readLiveState(
      source(s.url),
      [spec("a", [{ id: 3 }]), spec("b", [{ name: "1.0.1" }])],
      {
        concurrency: 8,
        journal: [],
      },
    );
    assert.deepEqual(
      live[0]?.versions.map((v) => [v.id, v.state]),
      [
        [1, "active"],
        [2, "active"],
        [3, "deleted"],
      ],
    );
    assert.equal(s.requests.filter((r) => r.path === "/user").length, 1);
  });

  it("knows another owner's deleted versions from the journal", async () => {
    const s = await sandbox([pkg("npm", "a", versions(2), "hubot")]);
    opened.push(s);
    const path = join(mkdtempSync(join(tmpdir(), "ghpkg-journal-")), "journal.jsonl");
    const journal = openJournal(path, "run-1");
    const base = {
      action: "delete" as const,
      owner: "hubot",
      package_type: "npm" as const,
      package_name: "a",
      tags: [],
      version_created_at: "2026-01-01T00:00:00.000Z",
    };
    journal.record({ ...base, event: "sent", version_id: 7, version_name: "0.9.0" });
    journal.record({ ...base, event: "done", version_id: 7, version_name: "0.9.0" });
    journal.record({ ...base, event: "done", version_id: 8, version_name: "0.9.1" });
    journal.record({ ...base, action: "restore", event: "done", version_id: 8, version_name: "0.9.1" });
    journal.close();
    const live = await readLiveState(source(s.url), [spec("a", [{ name: "0.9.0" }], "hubot")], {
      concurrency: 2,
      journal: readJournal(path),
    });
    assert.deepEqual(
      live[0]?.versions.filter((v) => v.state === "deleted").map((v) => v.name),
      ["0.9.0"],
    );
    assert.ok(!s.requests.some((r) => r.path.includes("state=deleted")));
  });
});
