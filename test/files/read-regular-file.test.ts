import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { NotReadable } from "../../src/files/read-regular-file.js";
import { readRegularFile } from "../../src/files/read-regular-file.js";

const dir = () => mkdtempSync(join(tmpdir(), "ghpkg-read-regular-"));

describe("reading a regular file, capped", () => {
  it("reads a file whole, across chunks", async () => {
    const path = join(dir(), "plan.json");
    const text = "x".repeat(3 * 1024 * 1024 + 7);
    writeFileSync(path, text);
    assert.equal((await readRegularFile(path, 4 * 1024 * 1024)).toString(), text);
  });

  it("refuses a folder and a device before reading, and a file over the cap", async () => {
    const folder = dir();
    await assert.rejects(readRegularFile(folder, 10), (e: NotReadable) => e.what === "a folder");
    await assert.rejects(readRegularFile("/dev/null", 10), (e: NotReadable) => e.what === "a device");
    const path = join(folder, "big");
    writeFileSync(path, "12345678901");
    await assert.rejects(readRegularFile(path, 10), (e: NotReadable) => e.kind === "too large");
    assert.equal((await readRegularFile(path, 11)).length, 11);
  });

  it("lets the file system's own errors through, with their code", async () => {
    await assert.rejects(readRegularFile(join(dir(), "missing"), 10), { code: "ENOENT" });
  });
});
