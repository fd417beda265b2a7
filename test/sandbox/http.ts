import type { Sandbox } from "../../src/sandbox/server.js";

export interface HttpAnswer {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  /** The body parsed as JSON, or undefined when it is empty or not JSON. */
  readonly body: unknown;
}

/** Plain HTTP to the sandbox, as any client would talk to GitHub: no Octokit, no ghpkg. */
export async function call(
  s: Sandbox | string,
  path: string,
  init: { method?: string; token?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<HttpAnswer> {
  const base = typeof s === "string" ? s : s.url;
  const response = await fetch(`${base}${path}`, {
    method: init.method ?? "GET",
    headers: {
      ...(init.token ? { authorization: `token ${init.token}` } : {}),
      ...init.headers,
    },
    ...(init.body !== undefined ? { body: init.body } : {}),
  });
  const text = await response.text();
  let body: unknown;
  try {
    body = text === "" ? undefined : JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: response.status, headers: response.headers, text, body };
}

/** The `message` of a GitHub error body. */
export const messageOf = (answer: HttpAnswer): string => (answer.body as { message?: string }).message ?? "";
