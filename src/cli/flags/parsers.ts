import { InvalidArgumentError } from "commander";

/** Commander parsers for the flags several commands share; a bad value is a one-line error, exit 1. */
export function wholeNumber(value: string): number {
  const n = Number(value);
  if (value.trim() === "" || !Number.isInteger(n) || n < 0)
    throw new InvalidArgumentError("expected a whole number (0 or more)");
  return n;
}

export function positiveNumber(value: string): number {
  const n = wholeNumber(value);
  if (n === 0) throw new InvalidArgumentError("expected a whole number of at least 1");
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

/** `--now`: an ISO 8601 date-time that pins the clock, so plans and tests can be replayed. */
export function instant(value: string): number {
  const ms = Date.parse(value);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(ms))
    throw new InvalidArgumentError("expected an ISO 8601 date-time such as 2026-11-24T10:00:00Z");
  return ms;
}
