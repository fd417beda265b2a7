import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { parseInstant } from "../../src/select/instant.js";

describe("--now: RFC 3339 with a time zone, on the calendar", () => {
  for (const [text, iso] of [
    ["2026-11-24T10:00:00Z", "2026-11-24T10:00:00.000Z"],
    ["2026-11-24t10:00:00z", "2026-11-24T10:00:00.000Z"],
    ["2026-11-24 10:00:00Z", "2026-11-24T10:00:00.000Z"],
    ["2026-11-24T11:30:00+01:30", "2026-11-24T10:00:00.000Z"],
    ["2026-11-24T05:00:00-05:00", "2026-11-24T10:00:00.000Z"],
    ["2026-11-24T10:00:00.250Z", "2026-11-24T10:00:00.250Z"],
    ["2028-02-29T00:00:00Z", "2028-02-29T00:00:00.000Z"],
  ] as const)
    it(`takes ${text}`, () => assert.equal(new Date(parseInstant(text)).toISOString(), iso));

  for (const [text, message] of [
    ["2026-02-29T00:00:00Z", /2026-02-29 is not a date: February 2026 has 28 days/],
    ["2026-04-31T00:00:00Z", /April 2026 has 30 days/],
    ["2026-13-01T00:00:00Z", /there is no month 13/],
    ["2026-11-24T10:60:00Z", /10:60:00 is not a time of day/],
    ["2026-11-24T10:00:60Z", /is not a time of day/],
    ["2026-11-24T10:00:00+01:60", /\+01:60 is not a time zone offset/],
    ["2026-11-24T10:00:00", /with a time zone/],
    ["2026-11-24T10:00Z", /with a time zone/],
    ["2026-11-24", /with a time zone/],
    ["+002026-11-24T10:00:00Z", /with a time zone/],
  ] as const)
    it(`refuses ${text}`, () => assert.throws(() => parseInstant(text), message));
});
