import { after, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { deletedByJournal } from "../../src/journal/history.js";
import { openJournal, readJournal } from "../../src/journal/journal.js";
import { readLiveState } from "../../src/reconcile/read-live.js";
import type { Operation } from "../../src/plan/types.js";
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
      knownDeleted: () => [],
    });
    assert.deepEqual(
      live.map((p) => [p.ref.name, p.versions.length]),
      [
        ["a", 3],
        ["b", 2],
      ],
    );
    assert.deepEqual(s.requests.map((r) => r.path.split("?")[0]).sort(), [
      "/users/octocat",
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
        knownDeleted: () => [],
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
    const op = (action: Operation["action"], id: number, name: string): Operation => ({
      action,
      ref: { owner: "hubot", type: "npm", name: "a" },
      version: {
        id,
        name,
        tags: [],
        createdAt: "2026-01-01T00:00:00.000Z",
        deletedAt: null,
        state: action === "delete" ? "active" : "deleted",
      },
      reason: "test",
    });
    journal.record(op("delete", 7, "0.9.0"), "sent");
    journal.record(op("delete", 7, "0.9.0"), "done");
    journal.record(op("delete", 8, "0.9.1"), "done");
    journal.record(op("restore", 8, "0.9.1"), "done");
    journal.close();
    const live = await readLiveState(source(s.url), [spec("a", [{ name: "0.9.0" }], "hubot")], {
      knownDeleted: deletedByJournal(readJournal(path)),
    });
    assert.deepEqual(
      live[0]?.versions.filter((v) => v.state === "deleted").map((v) => v.name),
      ["0.9.0"],
    );
    assert.ok(!s.requests.some((r) => r.path.includes("state=deleted")));
  });
});
