import type { IncomingMessage, ServerResponse } from "node:http";
import type { Answer } from "./exchange.js";

/**
 * GitHub's primary rate-limit headers on every REST answer: the budget goes down by one per
 * answer and resets an hour from the data's clock, as `x-ratelimit-*` do at api.github.com.
 */
export class RateLimitHeaders {
  #remaining = 5000;
  constructor(private readonly clock: () => number) {}

  next(): Record<string, string> {
    this.#remaining = Math.max(0, this.#remaining - 1);
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

/** Writes an answer: JSON unless it is text already, with its length, and no body for HEAD. */
export function writeAnswer(
  req: IncomingMessage,
  res: ServerResponse,
  answer: Answer,
  options: { echoAuthorization: boolean; rateLimit: RateLimitHeaders },
): void {
  let body = answer.body;
  if (options.echoAuthorization && answer.status >= 400 && req.headers.authorization)
    body = echoAuthorization(body, req.headers.authorization);
  const text = body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body);
  const headers: Record<string, string> = {
    "content-type": "application/json; charset=utf-8",
    ...(answer.kind === "rest" ? options.rateLimit.next() : {}),
    ...answer.headers,
  };
  if (text !== undefined && headers["content-length"] === undefined)
    headers["content-length"] = String(Buffer.byteLength(text));
  res.writeHead(answer.status, headers);
  res.end(answer.headOnly || req.method === "HEAD" ? undefined : text);
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
