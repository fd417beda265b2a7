import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { isUtf8 } from "node:buffer";
import fc from "fast-check";
import { firstInvalidUtf8 } from "../../src/spec/utf8.js";

describe("firstInvalidUtf8", () => {
  const cases: [bytes: number[], offset: number][] = [
    [[], -1],
    [[0x61, 0xc3, 0xa9, 0xe2, 0x82, 0xac, 0xf0, 0x9f, 0x98, 0x80], -1],
    [[0x61, 0xff], 1],
    [[0x61, 0xc3], 1], // cut off
    [[0xc0, 0xaf], 0], // overlong /
    [[0xe0, 0x80, 0xaf], 0], // overlong
    [[0xed, 0xa0, 0x80], 0], // a surrogate
    [[0xf4, 0x90, 0x80, 0x80], 0], // above U+10FFFF
    [[0x61, 0x62, 0xe2, 0x28, 0xa1], 2],
  ];
  for (const [bytes, offset] of cases)
    it(Buffer.from(bytes).toString("hex") || "(empty)", () =>
      assert.equal(firstInvalidUtf8(Uint8Array.from(bytes)), offset),
    );

  it("agrees with Node's own check on any bytes", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 12 }), (bytes) => {
        assert.equal(firstInvalidUtf8(bytes) === -1, isUtf8(bytes));
      }),
      { numRuns: 5000 },
    );
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (text) => {
        assert.equal(firstInvalidUtf8(Buffer.from(text, "utf8")), -1);
      }),
    );
  });
});
