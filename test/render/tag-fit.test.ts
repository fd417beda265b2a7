import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { fitTags } from "../../src/render/tag-fit.js";

describe("tags in a narrow column", () => {
  it("whole tags, latest first, then how many more: latest is never cut away", () => {
    const tags = ["release-2026-11-24-build-1234567", "v2.0", "latest"];
    assert.equal(fitTags(tags, 80), "latest, release-2026-11-24-build-1234567, v2.0");
    assert.equal(fitTags(tags, 12), "latest, +2");
    assert.equal(fitTags(["v1.14.0", "latest"], 10), "latest, +1");
    assert.equal(fitTags([], 10), "-");
  });

  it("a tag wider than the column is cut, a cosign tag keeping its kind", () => {
    assert.equal(fitTags(["release-2026-11-24"], 10), "release-2…");
    assert.equal(fitTags([`sha256-${"a".repeat(64)}.sig`], 16), "sha256-aaaa….sig");
    assert.equal(fitTags([`sha256-${"a".repeat(64)}.att`, "x"], 19), "sha256-aaaa….att +1");
  });
});
