/**
 * How long one read (a page of versions, a manifest, a pull token) may take, body included. GitHub
 * gives up on its own API requests after 10 s; a minute leaves room for a slow network and a busy
 * Enterprise Server, and still ends a run against a server that never answers.
 */
export const READ_TIMEOUT_MS = 60_000;

/** A signal that aborts after `ms`, or when `signal` (the caller's own) does. */
export function withTimeout(signal: AbortSignal | null | undefined, ms: number): AbortSignal {
  const timeout = AbortSignal.timeout(ms);
  return signal ? AbortSignal.any([signal, timeout]) : timeout;
}

/** `GHPKG_READ_TIMEOUT_MS` (tests shorten it), else READ_TIMEOUT_MS; beyond an hour (no timer of Node's takes 2^31 ms) it is not taken either. */
export function readTimeout(value: string | undefined): number {
  const ms = Number(value);
  return value !== undefined && Number.isFinite(ms) && ms > 0 && ms <= 3_600_000 ? ms : READ_TIMEOUT_MS;
}
