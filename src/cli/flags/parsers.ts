import { InvalidArgumentError, Option } from "commander";
import { parseInstant } from "../../select/instant.js";

/**
 * Commander parsers for the flags several commands share; a bad value is a one-line error, exit 1.
 * A number is refused beyond what it can mean: a count beyond 2^53 is not one, and a pause of a year
 * is a typo (and a timer Node cannot set: it would fire at once, warning each time).
 */
export function wholeNumber(value: string): number {
  const n = Number(value);
  if (!/^\s*\d+\s*$/.test(value) || !Number.isSafeInteger(n))
    throw new InvalidArgumentError("expected a whole number (0 or more, at most 9007199254740991)");
  return n;
}

export function positiveNumber(value: string): number {
  const n = wholeNumber(value);
  if (n === 0) throw new InvalidArgumentError("expected a whole number of at least 1");
  return n;
}

/** A whole number from `min` to `max`, `why` saying where the bounds come from. */
export function wholeNumberFrom(min: number, max: number, why = ""): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!/^\s*\d+\s*$/.test(value) || n < min || n > max)
      throw new InvalidArgumentError(`expected a whole number from ${min} to ${max}${why}`);
    return n;
  };
}

/** The longest pause or delay a flag may ask for: an hour, which is already more than any means. */
export const MAX_PAUSE_MS = 3_600_000;

/** Milliseconds of a pause or a delay: 0 to an hour. */
export function pauseMs(value: string): number {
  const n = Number(value);
  if (!/^\s*\d+\s*$/.test(value) || n > MAX_PAUSE_MS)
    throw new InvalidArgumentError(
      `expected a whole number of milliseconds, at most ${MAX_PAUSE_MS} (an hour)`,
    );
  return n;
}

/** GitHub's documented hard cap on concurrent requests: `--concurrency` goes no higher. */
export const MAX_CONCURRENCY = 100;
/** Reads in flight by default: a third of GitHub's cap, enough to keep a listing's rounds full. */
export const DEFAULT_CONCURRENCY = 32;

export function concurrency(value: string): number {
  const n = Number(value);
  if (value.trim() === "" || !Number.isInteger(n) || n < 1 || n > MAX_CONCURRENCY)
    throw new InvalidArgumentError(
      `expected a whole number from 1 to ${MAX_CONCURRENCY} (GitHub allows at most ${MAX_CONCURRENCY} concurrent requests)`,
    );
  return n;
}

export function probability(value: string): number {
  const p = Number(value);
  if (value.trim() === "" || !(p >= 0 && p <= 1))
    throw new InvalidArgumentError("expected a number from 0 to 1");
  return p;
}

/** `--now`: an RFC 3339 date-time with a time zone that pins the clock, so plans and tests can be replayed. */
export function instant(value: string): number {
  try {
    return parseInstant(value);
  } catch (error) {
    throw new InvalidArgumentError((error as Error).message);
  }
}

/** `--concurrency N` as the commands that only read (plan, list, check) say it. */
export function readConcurrencyOption(): Option {
  return new Option(
    "--concurrency <n>",
    "requests in flight at once, over every page and manifest read (at most 100)",
  )
    .argParser(concurrency)
    .default(DEFAULT_CONCURRENCY);
}
