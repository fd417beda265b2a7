import assert from "node:assert/strict";
import { test } from "node:test";
import { githubTime, githubTimeOf } from "../../src/sandbox/github-time.js";

test("a stamp is written to the second, as api.github.com writes it, whatever form the state holds", () => {
  const stamps = [
    "2026-11-24T10:00:00.000Z",
    "2026-11-24T10:00:00.999Z",
    "2026-11-24T10:00:00Z",
    "2026-11-24T10:00:00.123456Z",
    "2026-11-24T12:00:00.500+02:00",
    "2026-11-24",
    "1999-12-31T23:59:59.999Z",
  ];
  for (const stamp of stamps) assert.equal(githubTimeOf(stamp), githubTime(Date.parse(stamp)), stamp);
  assert.equal(githubTimeOf("2026-11-24T10:00:00.999Z"), "2026-11-24T10:00:00Z");
  assert.equal(githubTimeOf("2026-11-24T12:00:00.500+02:00"), "2026-11-24T10:00:00Z");
});
