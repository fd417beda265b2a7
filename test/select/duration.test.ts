import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { parseDuration } from "../../src/select/duration.js";

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

describe("parseDuration", () => {
  const valid: [string, number][] = [
    ["30m", 30 * MIN],
    ["12h", 12 * HOUR],
    ["90d", 90 * DAY],
    ["2w", 14 * DAY],
    ["0d", 0],
    ["P90D", 90 * DAY],
    ["PT12H", 12 * HOUR],
    ["PT30M", 30 * MIN],
    ["P2W", 14 * DAY],
    ["P1DT6H", DAY + 6 * HOUR],
    ["PT90S", 90_000],
  ];
  for (const [text, ms] of valid) it(`reads ${text}`, () => assert.equal(parseDuration(text), ms));

  const invalid: [string, RegExp][] = [
    ["90", /not a duration/],
    ["90 days", /not a duration/],
    ["1y", /not a duration/],
    ["P", /not a duration/],
    ["PT", /not a duration/],
    ["P1DT", /not a duration/],
    ["P3M", /months and years/],
    ["P1Y", /months and years/],
    ["-5d", /not a duration/],
  ];
  for (const [text, message] of invalid)
    it(`refuses ${text}`, () => assert.throws(() => parseDuration(text), message));
});
