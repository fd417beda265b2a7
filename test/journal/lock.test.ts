import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { acquireLock } from "../../src/journal/lock.js";

const lockPath = () => join(mkdtempSync(join(tmpdir(), "ghpkg-lock-")), ".ghpkg", "journal.jsonl.lock");
const holder = (pid: number, host = "here") =>
  `${JSON.stringify({ pid, host, started_at: "2026-11-24T10:00:00.000Z" })}\n`;

describe("the lock beside the journal", () => {
  it("holds pid, host and start time, and is released", () => {
    const path = lockPath();
    const lock = acquireLock(path, { pid: 42, host: "here", clock: () => new Date("2026-11-24T10:00:00Z") });
    assert.deepEqual(JSON.parse(readFileSync(path, "utf8")), {
      pid: 42,
      host: "here",
      started_at: "2026-11-24T10:00:00.000Z",
    });
    lock.release();
    lock.release();
    assert.ok(!existsSync(path));
  });

  it("a second apply is refused, naming the holder", () => {
    const path = lockPath();
    acquireLock(path, { pid: 42, host: "here", isRunning: () => true });
    assert.throws(
      () => acquireLock(path, { pid: 43, host: "here", isRunning: () => true }),
      /another ghpkg apply holds the lock .*journal\.jsonl\.lock \(pid 42 on here, since .*\)/,
    );
  });

  it("a lock of another host is never taken over (its processes cannot be seen)", () => {
    const path = lockPath();
    acquireLock(path, { pid: 42, host: "there" });
    assert.throws(() => acquireLock(path, { host: "here", isRunning: () => false }), /pid 42 on there/);
  });

  it("a lock whose process is gone is taken over, with a note", () => {
    const path = lockPath();
    acquireLock(path, { pid: 42, host: "here" });
    const notes: string[] = [];
    const lock = acquireLock(path, {
      pid: 43,
      host: "here",
      isRunning: (pid) => pid !== 42,
      onNote: (n) => notes.push(n),
    });
    assert.match(notes[0] ?? "", /took over the lock .* left by pid 42 .*no longer runs/);
    assert.equal((JSON.parse(readFileSync(path, "utf8")) as { pid: number }).pid, 43);
    lock.release();
    assert.ok(!existsSync(path));
  });

  it("release leaves alone a lock that is no longer this run's", () => {
    const path = lockPath();
    const lock = acquireLock(path, { pid: 42, host: "here" });
    writeFileSync(path, holder(77));
    lock.release();
    assert.equal(readFileSync(path, "utf8"), holder(77));
  });
});
