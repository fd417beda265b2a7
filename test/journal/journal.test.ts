import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { appendFileSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { applyOperations } from "../../src/apply/apply.js";
import { deletedByJournal, deletedParentsByJournal } from "../../src/journal/history.js";
import { JournalError, openJournal, readJournal } from "../../src/journal/journal.js";
import type { Operation } from "../../src/plan/types.js";
import { memorySource } from "../helpers/memory-source.js";
import { NOW, version } from "../helpers/versions.js";

const LIB = { owner: "octocat", type: "npm", name: "lib" } as const;
const deletes = (count: number): Operation[] =>
  Array.from({ length: count }, (_, i) => ({
    action: "delete",
    ref: LIB,
    version: version(i + 1, `1.0.${i}`, 10),
    reason: "test",
  }));
const tmp = () => mkdtempSync(join(tmpdir(), "ghpkg-journal-"));

/** A write(2) that works `lines` times, then fails as a full disk does. */
function fillsUpAfter(lines: number) {
  let written = 0;
  return (fd: number, data: Buffer) => {
    if (written++ >= lines)
      throw Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC" });
    return writeSync(fd, data);
  };
}

describe("the journal", () => {
  it("a full disk mid-run: nothing more is sent, and the run says what was done", async () => {
    const ops = deletes(6);
    const source = memorySource(
      [{ ref: LIB, versions: [version(99, "stays", 1), ...ops.map((o) => o.version)] }],
      "octocat",
      () => NOW,
    );
    const path = join(tmp(), "journal.jsonl");
    // Three lines fit: sent 1, done 1, sent 2; the outcome of 2 does not.
    const journal = openJournal(path, "run", { write: fillsUpAfter(3) });
    const { results, journalError, stoppedBy } = await applyOperations(source, ops, journal, {
      concurrency: 1,
      writeIntervalMs: 0,
    });
    journal.close();
    assert.ok(journalError instanceof JournalError);
    assert.equal(
      journalError.message,
      `cannot write the journal ${path}: no space left on the device (ENOSPC)`,
    );
    assert.equal(stoppedBy, "journal failed");
    assert.deepEqual(source.mutations, ["delete 1", "delete 2"], "nothing is sent after the failure");
    assert.deepEqual(
      results.map((r) => r.outcome),
      ["done", "done", "not sent", "not sent", "not sent", "not sent"],
    );
    assert.deepEqual(
      readJournal(path).map((e) => `${e.event} ${e.version_id}`),
      ["sent 1", "done 1", "sent 2"],
    );
  });

  it("a line that the full disk cuts short is taken back: the journal still ends in a whole line", () => {
    const path = join(tmp(), "journal.jsonl");
    const [first, second] = deletes(2);
    let calls = 0;
    // The second line's write gets 10 bytes out, then the disk is full.
    const journal = openJournal(path, "run", {
      write: (fd, data) => {
        if (calls++ === 0) return writeSync(fd, data);
        if (calls === 2) return writeSync(fd, data.subarray(0, 10));
        throw Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC" });
      },
    });
    journal.record(first!, "sent");
    const whole = readFileSync(path, "utf8");
    assert.throws(() => journal.record(second!, "sent"), JournalError);
    journal.close();
    assert.equal(readFileSync(path, "utf8"), whole);
  });

  it("a journal that cannot be written at all sends nothing (/dev/full)", async () => {
    const ops = deletes(2);
    const source = memorySource([
      { ref: LIB, versions: [version(99, "stays", 1), ...ops.map((o) => o.version)] },
    ]);
    const path = join(tmp(), "journal.jsonl");
    symlinkSync("/dev/full", path);
    const journal = openJournal(path, "run");
    const { journalError } = await applyOperations(source, ops, journal, {
      concurrency: 2,
      writeIntervalMs: 0,
    });
    journal.close();
    assert.match(journalError?.message ?? "", /no space left on the device \(ENOSPC\)$/);
    assert.deepEqual(source.mutations, []);
  });

  it("a last line cut off by a killed run is passed over with a note, and the next line starts afresh", () => {
    const path = join(tmp(), "journal.jsonl");
    const [op] = deletes(1);
    const first = openJournal(path, "one");
    first.record(op!, "sent");
    first.close();
    appendFileSync(path, '{"time":"2026-11-24T10:00:00Z","run":"one","event":"do'); // killed mid-write
    const torn: number[] = [];
    assert.equal(readJournal(path, (line) => torn.push(line)).length, 1);
    assert.deepEqual(torn, [2]);
    const notes: string[] = [];
    const second = openJournal(path, "two", { onNote: (note) => notes.push(note) });
    second.record(op!, "done");
    second.close();
    assert.match(notes[0] ?? "", /cut off by an earlier run/);
    assert.deepEqual(
      readJournal(path).map((e) => `${e.run} ${e.event}`),
      ["one sent", "two done"],
    );
  });

  it("reads an entry that an older ghpkg glued to a cut-off line", () => {
    const path = join(tmp(), "journal.jsonl");
    const [op] = deletes(1);
    const journal = openJournal(path, "one");
    journal.record(op!, "done");
    journal.close();
    const line = readFileSync(path, "utf8");
    writeFileSync(path, `{"time":"2026-11-24T10:00:00Z","ev${line}`);
    assert.deepEqual(
      readJournal(path).map((e) => e.event),
      ["done"],
    );
  });

  it("redacts what it is told to in messages", () => {
    const path = join(tmp(), "journal.jsonl");
    const [op] = deletes(1);
    const journal = openJournal(path, "run", { redact: (t) => t.replace("secret", "***") });
    journal.record(op!, "failed", "echo: secret");
    journal.close();
    assert.equal(readJournal(path)[0]?.message, "echo: ***");
  });

  it("knows what ghpkg deleted whatever the case the owner and name were written in", () => {
    const path = join(tmp(), "journal.jsonl");
    const journal = openJournal(path, "run");
    const [op] = deletes(1);
    journal.record({ ...op!, ref: { owner: "OctoCat", type: "container", name: "Web" } }, "done");
    journal.close();
    const entries = readJournal(path);
    const ref = { owner: "octocat", type: "container", name: "web" } as const;
    assert.deepEqual(
      deletedByJournal(entries)(ref).map((v) => v.id),
      [1],
    );
    assert.deepEqual(
      deletedParentsByJournal(entries)(ref).map((p) => p.version.id),
      [1],
    );
  });
});
