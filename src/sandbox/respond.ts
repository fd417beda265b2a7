import { createHash } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Answer } from "./exchange.js";

/**
 * The headers GitHub puts on every REST answer, errors included: the media type and API version it
 * served, the date on its clock and the primary budget (primary-limit.ts). Told whether the answer is a
 * 304, which costs nothing.
 */
export type RestHeaders = (notModified: boolean) => Record<string, string>;

/** What api.github.com says it served; some clients log or branch on it. */
export const SERVED_HEADERS = {
  "x-github-api-version-selected": "2022-11-28",
  "x-github-media-type": "github.v3; format=json",
} as const;

/**
 * Writes an answer: JSON unless it is text already, with its length, and no body for HEAD.
 * Successful REST reads carry a weak ETag of their body and answer `If-None-Match` with it by 304,
 * as api.github.com's conditional requests do. Returns the status actually sent.
 */
export function writeAnswer(
  req: IncomingMessage,
  res: ServerResponse,
  answer: Answer,
  options: { echoAuthorization: boolean; restHeaders: RestHeaders },
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
    ...(answer.kind === "rest" ? options.restHeaders(notModified) : {}),
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

/** GET and HEAD: the methods that only read. */
export const isRead = (method: string | undefined) => method === "GET" || method === "HEAD";

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
