import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { appendFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openPack, packPath, readPack } from "../../src/registry/manifest-pack.js";

const hex = (n: number) => n.toString(16).padStart(64, "0");

describe("the manifest pack", () => {
  it("keeps entries across opens, bytes exactly, the last entry of a digest counting", () => {
    const path = packPath(mkdtempSync(join(tmpdir(), "ghpkg-pack-")), "Octocat/Tools/CLI");
    assert.match(path, /packs\/octocat%2Ftools%2Fcli\.pack$/);
    const pack = openPack(path);
    pack.add(hex(1), Buffer.from('{"a":\n1}'));
    pack.add(hex(2), Buffer.from(""));
    pack.add(hex(1), Buffer.from('{"a":2}'));
    const again = readPack(path);
    assert.equal(again.get(hex(1))?.toString(), '{"a":2}');
    assert.equal(again.get(hex(2))?.toString(), "");
    assert.equal(openPack(path).get(hex(3)), undefined);
  });

  it("an entry cut off (a run killed while writing) is not read", () => {
    const path = packPath(mkdtempSync(join(tmpdir(), "ghpkg-pack-")), "octocat/app");
    openPack(path).add(hex(1), Buffer.from("{}"));
    appendFileSync(path, `sha256:${hex(2)} 10\n{"cut`);
    assert.deepEqual([...readPack(path).keys()], [hex(1)]);
  });

  it("entries appended after a cut-off one are read (else each plan would download them again)", () => {
    const path = packPath(mkdtempSync(join(tmpdir(), "ghpkg-pack-")), "octocat/app");
    openPack(path).add(hex(1), Buffer.from("{}"));
    // Cut off inside its bytes, which name digests too: only a whole header line starts an entry.
    appendFileSync(path, `sha256:${hex(2)} 200\n{"manifests":[{"digest":"sha256:${hex(9)}"`);
    openPack(path).add(hex(3), Buffer.from('{"a":\n3}'));
    openPack(path).add(hex(4), Buffer.from("{}"));
    const pack = readPack(path);
    assert.deepEqual([...pack.keys()], [hex(1), hex(3), hex(4)]);
    assert.equal(pack.get(hex(3))?.toString(), '{"a":\n3}');
  });

  it("a missing pack is an empty one", () => {
    assert.equal(readPack(join(tmpdir(), "ghpkg-no-such-dir", "x.pack")).size, 0);
  });
});
