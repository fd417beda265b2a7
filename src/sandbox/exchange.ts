import type { IncomingHttpHeaders, IncomingMessage } from "node:http";

/** One request as the routes see it: the `/api/v3` prefix (GitHub Enterprise Server) already removed. */
export interface Exchange {
  readonly method: string;
  readonly url: URL;
  /** The path's segments, each percent-decoded on its own, so `repo%2Fimage` stays one name. */
  readonly segments: readonly string[];
  /** Where the API was reached: the origin, plus `/api/v3` when the client used it. */
  readonly apiBase: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** What a route answers; the server adds GitHub's common headers and writes it. */
export interface Answer {
  readonly status: number;
  /** Serialised as JSON, or sent as is when it is already text (a registry manifest). */
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
  /** REST answers carry rate-limit headers; registry answers do not, as on ghcr.io. */
  readonly kind: "rest" | "registry" | "internal";
  /** The route's name in counters, as GitHub's OpenAPI paths name them. */
  readonly route?: string;
  /** Sent without a body (HEAD), with the headers the body would have had. */
  readonly headOnly?: boolean;
}

/** A delete or restore, checked and ready: the server decides when (pacing, pauses) to carry it out. */
export interface Mutation {
  readonly mutation: {
    readonly method: string;
    readonly path: string;
    readonly versionId: number;
    readonly route: string;
    readonly perform: () => Answer;
  };
}

export type RouteResult = Answer | Mutation | undefined;

export const isMutation = (result: Answer | Mutation): result is Mutation => "mutation" in result;

export const REST_DOCS = "https://docs.github.com/rest/packages/packages";

/** GitHub's error body: `message`, `documentation_url`, and `status` as GitHub sends it now. */
export function restError(
  status: number,
  message: string,
  options: { headers?: Record<string, string>; docs?: string; route?: string } = {},
): Answer {
  return {
    status,
    body: { message, documentation_url: options.docs ?? REST_DOCS, status: String(status) },
    kind: "rest",
    ...(options.headers ? { headers: options.headers } : {}),
    ...(options.route ? { route: options.route } : {}),
  };
}

export function restAnswer(
  status: number,
  body: unknown,
  route: string,
  headers?: Record<string, string>,
): Answer {
  return { status, body, kind: "rest", route, ...(headers ? { headers } : {}) };
}

/** Splits a path into decoded segments; undefined when a segment is not valid percent-encoding. */
export function splitPath(pathname: string): string[] | undefined {
  try {
    return pathname
      .split("/")
      .slice(1)
      .map((segment) => decodeURIComponent(segment));
  } catch {
    return undefined;
  }
}

/** GitHub Enterprise Server serves the REST API under this prefix; the sandbox serves both shapes. */
const GHES_PREFIX = "/api/v3";

/** The request as routes see it; undefined when its path is not valid percent-encoding. */
export function toExchange(req: IncomingMessage, body: string): Exchange | undefined {
  const origin = `http://${req.headers.host ?? "127.0.0.1"}`;
  const url = new URL(req.url ?? "/", origin);
  let prefix = "";
  if (url.pathname === GHES_PREFIX || url.pathname.startsWith(`${GHES_PREFIX}/`)) {
    prefix = GHES_PREFIX;
    url.pathname = url.pathname.slice(GHES_PREFIX.length) || "/";
  }
  const segments = splitPath(url.pathname);
  if (!segments) return undefined;
  return {
    method: req.method ?? "GET",
    url,
    segments,
    apiBase: `${origin}${prefix}`,
    headers: req.headers,
    body,
  };
}
