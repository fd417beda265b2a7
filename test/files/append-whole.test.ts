import { describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  appendFileSync,
  closeSync,
  mkdtempSync,
  openSync,
  readFileSync,
  writeFileSync,
  writeSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { appendWhole } from "../../src/files/append-whole.js";

const full = () => Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC" });

/** A file holding `text`, opened for appending. */
function appending(text: string): { path: string; fd: number } {
  const path = join(mkdtempSync(join(tmpdir(), "ghpkg-append-")), "file");
  writeFileSync(path, text);
  return { path, fd: openSync(path, "a") };
}

describe("appendWhole", () => {
  it("a write that the disk cuts short is taken back, and its error thrown", () => {
    const { path, fd } = appending("one\n");
    let calls = 0;
    const cutShort = (f: number, data: Buffer) => {
      if (calls++ === 0) return writeSync(f, data.subarray(0, 2));
      throw full();
    };
    assert.throws(() => appendWhole(fd, Buffer.from("two\n"), cutShort), { code: "ENOSPC" });
    closeSync(fd);
    assert.equal(readFileSync(path, "utf8"), "one\n");
  });

  it("what another writer appended meanwhile is not taken back", () => {
    const { path, fd } = appending("one\n");
    let calls = 0;
    const raced = (f: number, data: Buffer) => {
      if (calls++ > 0) throw full();
      const n = writeSync(f, data.subarray(0, 2));
      appendFileSync(path, "other\n");
      return n;
    };
    assert.throws(() => appendWhole(fd, Buffer.from("two\n"), raced), { code: "ENOSPC" });
    closeSync(fd);
    assert.equal(readFileSync(path, "utf8"), "one\ntwother\n");
  });

  it("writes on until the whole of it is written", () => {
    const { path, fd } = appending("");
    appendWhole(fd, Buffer.from("abcdef"), (f, data) => writeSync(f, data.subarray(0, 1)));
    closeSync(fd);
    assert.equal(readFileSync(path, "utf8"), "abcdef");
  });
});
