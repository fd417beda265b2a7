import { createHash } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Answer } from "./exchange.js";

/**
 * GitHub's primary rate-limit headers on every REST answer: the budget goes down by one per
 * answer and resets an hour from the data's clock, as `x-ratelimit-*` do at api.github.com.
 */
export class RateLimitHeaders {
  #remaining = 5000;
  constructor(private readonly clock: () => number) {}

  /** The headers of the next answer; one that is not `counted` (a 304) leaves the budget as it is. */
  next(counted = true): Record<string, string> {
    if (counted) this.#remaining = Math.max(0, this.#remaining - 1);
    return {
      "x-github-api-version-selected": "2022-11-28",
      // What api.github.com says it served; some clients log or branch on it.
      "x-github-media-type": "github.v3; format=json",
      "x-ratelimit-limit": "5000",
      "x-ratelimit-remaining": String(this.#remaining),
      "x-ratelimit-reset": String(Math.floor(this.clock() / 1000) + 3600),
      "x-ratelimit-used": String(5000 - this.#remaining),
      "x-ratelimit-resource": "core",
    };
  }
}

/**
 * Writes an answer: JSON unless it is text already, with its length, and no body for HEAD.
 * Successful REST reads carry a weak ETag of their body and answer `If-None-Match` with it by 304,
 * as api.github.com's conditional requests do. Returns the status actually sent.
 */
export function writeAnswer(
  req: IncomingMessage,
  res: ServerResponse,
  answer: Answer,
  options: { echoAuthorization: boolean; rateLimit: RateLimitHeaders },
): number {
  let body = answer.body;
  if (options.echoAuthorization && answer.status >= 400 && req.headers.authorization)
    body = echoAuthorization(body, req.headers.authorization);
  const text = body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body);
  const etag =
    answer.kind === "rest" && answer.status === 200 && text !== undefined && isRead(req.method)
      ? `W/"${createHash("sha256").update(text).digest("hex").slice(0, 32)}"`
      : undefined;
  const notModified = etag !== undefined && matchesEtag(req.headers["if-none-match"], etag);
  const headers: Record<string, string> = {
    "content-type": "application/json; charset=utf-8",
    // "Making a conditional request does not count against your primary rate limit if a 304 … is returned."
    ...(answer.kind === "rest" ? options.rateLimit.next(!notModified) : {}),
    ...(etag ? { etag } : {}),
    ...answer.headers,
  };
  if (notModified) {
    delete headers["content-length"];
    res.writeHead(304, headers);
    res.end();
    return 304;
  }
  if (text !== undefined && headers["content-length"] === undefined)
    headers["content-length"] = String(Buffer.byteLength(text));
  res.writeHead(answer.status, headers);
  res.end(answer.headOnly || req.method === "HEAD" ? undefined : text);
  return answer.status;
}

const isRead = (method: string | undefined) => method === "GET" || method === "HEAD";

/** `If-None-Match: W/"a", "b"` or `*`; weak comparison, as RFC 9110 asks for If-None-Match. */
function matchesEtag(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, "");
  return header.split(",").some((tag) => tag.trim() === "*" || opaque(tag) === opaque(etag));
}

/** A hostile proxy's error: the Authorization header, verbatim, inside every message. */
export function echoAuthorization(body: unknown, authorization: string): unknown {
  const note = ` (Authorization: ${authorization})`;
  if (typeof body === "string") {
    try {
      return JSON.stringify(echoAuthorization(JSON.parse(body), authorization));
    } catch {
      return body + note;
    }
  }
  if (body && typeof body === "object" && "errors" in body && Array.isArray(body.errors))
    return {
      ...body,
      errors: (body.errors as { message?: string }[]).map((e) => ({
        ...e,
        message: `${e.message ?? ""}${note}`,
      })),
    };
  if (body && typeof body === "object" && "message" in body)
    return { ...body, message: `${String(body.message)}${note}` };
  return body;
}
