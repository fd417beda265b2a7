import { UserError } from "../model/errors.js";
import { redactor } from "../transport/redact.js";
import { howLong, isPrimaryRefusal, readBudget, resetTime, type HeaderReader } from "./rate-limit.js";

const redactCredentials = redactor([]);

/** GitHub said no: the status and GitHub's own message, for apply's report and the journal. */
export class GitHubError extends UserError {
  constructor(
    message: string,
    readonly status: number | undefined,
    readonly githubMessage: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/**
 * GitHub's primary rate limit refused the request: the token's budget is spent until the reset.
 * Nothing was done. Apply journals such an operation as not done and leaves it for later.
 */
export class RateLimited extends GitHubError {
  constructor(
    message: string,
    status: number,
    githubMessage: string,
    /** How long until the reset, as GitHub counted it when it answered. */
    readonly msUntilReset: number,
    options?: ErrorOptions,
  ) {
    super(message, status, githubMessage, options);
  }
}

/**
 * An answer without the shape GitHub documents (not JSON, not an array, an item with no integer id, a
 * Link header that loops): an error of that request, whose message says what was wrong. Never a
 * guess: a listing read wrongly is a wrong plan.
 */
export class MalformedAnswer extends Error {
  override readonly name: string = "MalformedAnswer";
}

interface RequestErrorLike {
  status?: number;
  message: string;
  response?: { headers: Record<string, string | number | undefined>; data?: unknown };
  cause?: unknown;
}

/**
 * Octokit's RequestError becomes a message a user can act on. `what` names the thing asked for
 * ("package container/web of octocat"). The token is never part of what is kept.
 */
export function explainRequestError(error: unknown, what: string, apiUrl: string): GitHubError {
  if (error instanceof MalformedAnswer)
    return new GitHubError(
      `GitHub's answer for ${what} is not what GitHub documents: ${error.message}`,
      undefined,
      error.message,
      { cause: error },
    );
  const e = error as RequestErrorLike;
  const status = e.status;
  const data = e.response?.data as { message?: unknown } | undefined;
  // The client has taken the token out already; this takes out anything else shaped like a credential.
  const githubMessage = oneLine(
    redactCredentials(typeof data?.message === "string" ? data.message : e.message),
  );
  const headers = e.response?.headers ?? {};
  const options = { cause: error };
  if (!e.response && isTimeout(error))
    return new GitHubError(
      `${apiUrl} did not answer in time for ${what} (a read may take a minute at most); try again`,
      undefined,
      "no answer in time",
      options,
    );
  if (!e.response) {
    const code = (e.cause as { code?: string } | undefined)?.code;
    return new GitHubError(
      `cannot reach ${apiUrl}${code ? ` (${code})` : ""}: ${githubMessage}; check --api-url and the network`,
      undefined,
      githubMessage,
      options,
    );
  }
  if (status === 401)
    return new GitHubError(
      "GitHub refused the token (401 Bad credentials): set GITHUB_TOKEN (or GH_TOKEN) to a valid token with the read:packages scope",
      status,
      githubMessage,
      options,
    );
  if (isPrimaryRefusal(status, headers["x-ratelimit-remaining"])) {
    const budget = readBudget(headerReader(headers));
    const msUntilReset = Math.max(0, budget?.msUntilReset ?? 0);
    const until = budget
      ? `until ${resetTime(budget.reset * 1000)} (in ${howLong(msUntilReset)})`
      : "for now";
    return new RateLimited(
      `the token's GitHub rate limit${budget ? ` (${budget.limit} requests an hour)` : ""} is spent ${until}: ${what} was refused (${status}: ${githubMessage}); try again after the reset`,
      status ?? 403,
      githubMessage,
      msUntilReset,
      options,
    );
  }
  if (status === 403) {
    const accepted = splitScopes(headers["x-accepted-oauth-scopes"]);
    const granted = splitScopes(headers["x-oauth-scopes"]);
    const missing = accepted.filter((scope) => !granted.includes(scope));
    if (missing.length > 0)
      return new GitHubError(
        `the token lacks the ${missing.map((s) => `\`${s}\``).join(" or ")} scope for ${what} (it has: ${granted.join(", ") || "none"})`,
        status,
        githubMessage,
        options,
      );
    return new GitHubError(
      `GitHub refused access to ${what} (403): ${githubMessage}`,
      status,
      githubMessage,
      options,
    );
  }
  if (status === 404)
    return new GitHubError(
      `${what} not found, or the token cannot see it (404)`,
      status,
      githubMessage,
      options,
    );
  return new GitHubError(
    `GitHub answered ${status ?? "?"} for ${what}: ${githubMessage}`,
    status,
    githubMessage,
    options,
  );
}

/** Octokit's headers (names in lower case) read as an answer's are: no `Headers`, which would load undici. */
function headerReader(headers: Record<string, string | number | undefined>): HeaderReader {
  return {
    get: (name) => {
      const value = headers[name.toLowerCase()];
      return value === undefined ? null : String(value);
    },
  };
}

function splitScopes(value: string | number | undefined): string[] {
  return String(value ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
}

/** A read given up after its time limit (client.ts): Octokit wraps the abort, a body read throws it as is. */
function isTimeout(error: unknown): boolean {
  const e = error as { name?: string; cause?: { name?: string } } | undefined;
  return e?.name === "TimeoutError" || e?.cause?.name === "TimeoutError";
}

/**
 * GitHub's message as one line of a readable length: a proxy's HTML error page arrives as the message,
 * and errors are printed (and journaled) one per line.
 */
function oneLine(text: string): string {
  const line = text.replace(/\s+/g, " ").trim();
  return line.length > MAX_MESSAGE ? `${line.slice(0, MAX_MESSAGE - 1)}…` : line;
}
const MAX_MESSAGE = 300;

/**
 * GitHub refused to list something to this token (403): an organisation's deleted versions to a
 * non-admin. A spent rate limit (also a 403) says nothing about who may list them: it is not this.
 */
export function refusedToToken(error: unknown): boolean {
  return error instanceof GitHubError && error.status === 403 && !(error instanceof RateLimited);
}

/**
 * Whether a failed mutation may have happened all the same: a 404 may mean an earlier try already did
 * it (its answer was lost, the retry found nothing to do); a 5xx that outlasted every retry, or no
 * answer at all, may hide a change that happened. Only a GET can tell.
 */
export function mayHaveHappened(error: unknown): boolean {
  if (!(error instanceof GitHubError)) return false;
  return error.status === undefined || error.status === 404 || error.status >= 500;
}

/** What GitHub said, for a report or a journal line: its own message, else the error's. */
export function githubReason(error: unknown): string {
  return error instanceof GitHubError ? error.githubMessage : (error as Error).message;
}
