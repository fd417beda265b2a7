import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { JournalRecord } from "../../src/model/journal-record.js";
import { findRun, journalRuns, undoable } from "../../src/model/runs.js";

const DAY = 86_400_000;
const NOW = Date.parse("2026-11-24T10:00:00Z");
const at = (daysAgo: number) => new Date(NOW - daysAgo * DAY).toISOString();

let line = 0;
function record(
  run: string | undefined,
  event: JournalRecord["event"],
  id: number,
  daysAgo = 1,
  action: JournalRecord["action"] = "delete",
): JournalRecord {
  return {
    run,
    line: ++line,
    time: at(daysAgo),
    event,
    action,
    ref: { owner: "octocat", type: "npm", name: "lib" },
    versionId: id,
    versionName: `1.0.${id}`,
    tags: [],
    versionCreatedAt: at(100),
  };
}

describe("the runs a journal tells", () => {
  it("groups lines by run id, counts what each did, and gives lines without ids one run per block", () => {
    line = 0;
    const records = [
      record(undefined, "sent", 1, 40),
      record(undefined, "done", 1, 40),
      record("A", "sent", 2, 31),
      record("A", "done", 2, 31),
      record("A", "sent", 3, 2),
      record("A", "done", 3, 2),
      record("A", "sent", 4, 2),
      record("A", "failed", 4, 2),
      record(undefined, "sent", 5, 1),
      record(undefined, "done", 5, 1, "restore"),
    ];
    const runs = journalRuns(records);
    assert.deepEqual(
      runs.map((r) => [r.id, r.beforeIds, r.deleted, r.restored, r.failed]),
      [
        ["lines-1-2", true, 1, 0, 0],
        ["A", false, 2, 0, 1],
        ["lines-9-10", true, 0, 1, 0],
      ],
    );
    assert.deepEqual(
      runs.map((r) => undoable(r, NOW)),
      [
        { state: "no", tooOld: 1 },
        { state: "partly", tooOld: 1 },
        { state: "nothing deleted", tooOld: 0 },
      ],
    );
  });

  it("finds a run by its id or a prefix only it has, and says what it knows otherwise", () => {
    line = 0;
    const runs = journalRuns([
      record("20261124T100000Z-aaaaaa", "done", 1),
      record("20261124T100000Z-bbbbbb", "done", 2),
      record("20261125T090000Z-cccccc", "done", 3),
    ]);
    assert.equal(findRun(runs, "20261125").id, "20261125T090000Z-cccccc");
    assert.equal(findRun(runs, "20261124T100000Z-aaaaaa").id, "20261124T100000Z-aaaaaa");
    assert.throws(
      () => findRun(runs, "20261124"),
      /^Error: 2 runs start with 20261124: .*; give more of the id$/,
    );
    assert.throws(
      () => findRun(runs, "nope"),
      /the journal knows no run nope \(its latest: .*`ghpkg undo` lists them all\)/,
    );
    assert.throws(() => findRun([], "x"), /\(it holds no run\)/);
  });
});
