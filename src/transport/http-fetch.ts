import * as http from "node:http";
import type { IncomingMessage } from "node:http";
import type * as Https from "node:https";
import { createRequire } from "node:module";
import type { Readable } from "node:stream";
import type * as Zlib from "node:zlib";

type RedirectMode = NonNullable<RequestInit["redirect"]>;
type HeaderSource = RequestInit["headers"];

/**
 * The part of `fetch` the API client uses, over node:http. Node's own `fetch` (undici) costs a run
 * about 30 ms to load before its first request, and its web streams a share of every answer's time;
 * node:http is loaded in a few. Kept to what `fetch` promises and ghpkg relies on:
 * - a redirect is followed (20 at most); one to another origin carries no `authorization`, and a 303
 *   (or a 301/302 after a POST) becomes a GET without a body;
 * - `signal` ends the request, or the reading of its body, with the signal's reason (a timeout's
 *   `TimeoutError`), as `fetch` does;
 * - a request that cannot be sent fails as `TypeError("fetch failed")`, one whose answer stops halfway
 *   as `TypeError("terminated")`, each with the network's error as `cause` (its `code` is what the
 *   user is told);
 * - gzip, deflate and br answers are decoded, as `fetch` asks for and decodes them.
 */
export const httpFetch = httpFetchWith({ idleTimeoutMs: 300_000 });

/**
 * `idleTimeoutMs`: how long a connection may say nothing, waiting for an answer or for the rest of
 * one, before the request fails (undici's header and body limits, which fetch had, are 300 s each).
 * Reads have their own, shorter limit (read-timeout.ts); a mutation has only this one, so an apply
 * never waits for ever on an answer that does not come, and a mutation is not given up on early.
 */
export function httpFetchWith(options: { idleTimeoutMs: number }) {
  return (input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
    if (typeof input !== "string" && !(input instanceof URL))
      return Promise.reject(new TypeError("httpFetch takes a URL, not a Request"));
    const headers = headerRecord(init.headers);
    headers["accept-encoding"] ??= "gzip, deflate, br";
    const body = init.body;
    if (body !== undefined && body !== null && typeof body !== "string")
      return Promise.reject(new TypeError("httpFetch sends a string body only"));
    // Framed by its length, as fetch frames a string (Node would send a DELETE's body unframed, and a
    // POST without one in chunks); a POST, PUT or PATCH without a body says it has none, as fetch does.
    const method = (init.method ?? "GET").toUpperCase();
    if (typeof body === "string") headers["content-length"] = String(Buffer.byteLength(body));
    else if (["POST", "PUT", "PATCH"].includes(method)) headers["content-length"] = "0";
    const request: Outgoing = { method, headers, body: body ?? undefined, init, ...options };
    return send(new URL(input), request, 0);
  };
}

/** A request as sent (a redirect may change its method, headers and body). */
interface Outgoing {
  readonly method: string;
  readonly headers: Record<string, string>;
  readonly body: string | undefined;
  readonly init: RequestInit;
  readonly idleTimeoutMs: number;
}

const MAX_REDIRECTS = 20;
const load = createRequire(import.meta.url);

interface Transport {
  readonly request: typeof http.request;
  readonly agent: http.Agent;
}
let plain: Transport | undefined;
let secure: Transport | undefined;

/**
 * node:http, or node:https (which loads TLS: only for an https URL). Each agent keeps its connections
 * for the next request, as fetch's does, and closes one that has waited 4 s, as fetch's does: servers
 * close idle connections too, and a request sent on one just closed fails. An idle connection holds
 * no run open.
 */
function transportOf(protocol: string): Transport | undefined {
  const kept = { keepAlive: true, timeout: 4000 };
  if (protocol === "http:") return (plain ??= { request: http.request, agent: new http.Agent(kept) });
  if (protocol !== "https:") return undefined;
  const https = load("node:https") as typeof Https;
  return (secure ??= { request: https.request, agent: new https.Agent(kept) });
}

function send(url: URL, outgoing: Outgoing, redirects: number): Promise<Response> {
  const { method, headers, body, init } = outgoing;
  const { signal } = init;
  if (signal?.aborted) return Promise.reject(signal.reason as Error);
  return new Promise((resolve, reject) => {
    const transport = transportOf(url.protocol);
    if (!transport) return reject(failed(new Error(`unsupported protocol ${url.protocol}`)));
    const request = transport.request(url, { method, headers, agent: transport.agent });
    let answered: IncomingMessage | undefined;
    request.setTimeout(outgoing.idleTimeoutMs, () => {
      const seconds = outgoing.idleTimeoutMs / 1000;
      const error = Object.assign(new Error(`nothing heard for ${seconds} s`), { code: "ETIMEDOUT" });
      // Before the answer, the request fails with it; during its body, the reading of the body does.
      if (answered) answered.destroy(error);
      else request.destroy(error);
    });
    const onAbort = () => request.destroy(signal?.reason as Error);
    signal?.addEventListener("abort", onAbort, { once: true });
    request.on("error", (error) => {
      signal?.removeEventListener("abort", onAbort);
      reject(signal?.aborted ? (signal.reason as Error) : failed(error));
    });
    request.on("response", (answer) => {
      answered = answer;
      signal?.removeEventListener("abort", onAbort);
      const next = redirectOf(url, method, answer, init.redirect ?? "follow");
      if (next === undefined) return resolve(responseOf(url, method, answer, signal));
      answer.resume();
      if (next === "error") return reject(failed(new Error("a redirect that is not to be followed")));
      if (redirects >= MAX_REDIRECTS) return reject(failed(new Error("redirect count exceeded")));
      const nextHeaders = { ...headers };
      if (next.url.origin !== url.origin) delete nextHeaders.authorization;
      const becameGet = next.method !== method && next.method === "GET";
      if (becameGet) {
        delete nextHeaders["content-type"];
        delete nextHeaders["content-length"];
      }
      const redirected = {
        ...outgoing,
        method: next.method,
        headers: nextHeaders,
        body: becameGet ? undefined : body,
      };
      send(next.url, redirected, redirects + 1).then(resolve, reject);
    });
    request.end(body);
  });
}

/**
 * Where a redirect leads, and with which method; undefined when the answer is to be returned as it is,
 * "error" when it may not be followed (asked so, or to a place that is not a URL).
 */
function redirectOf(
  url: URL,
  method: string,
  answer: IncomingMessage,
  mode: RedirectMode,
): { url: URL; method: string } | "error" | undefined {
  const status = answer.statusCode ?? 0;
  const location = answer.headers.location;
  if (![301, 302, 303, 307, 308].includes(status) || location === undefined || mode === "manual")
    return undefined;
  if (mode === "error" || !URL.canParse(location, url.href)) return "error";
  const becomesGet =
    (status === 303 && method !== "HEAD") || ((status === 301 || status === 302) && method === "POST");
  return { url: new URL(location, url), method: becomesGet ? "GET" : method };
}

function failed(cause: unknown): TypeError {
  return new TypeError("fetch failed", { cause });
}

function headerRecord(headers: HeaderSource): Record<string, string> {
  const record: Record<string, string> = {};
  if (headers === undefined) return record;
  const entries: Iterable<readonly [string, string]> =
    Symbol.iterator in headers
      ? (headers as Iterable<readonly [string, string]>)
      : Object.entries(headers as Record<string, string>);
  for (const [name, value] of entries) record[name.toLowerCase()] = String(value);
  return record;
}

/** The answer as a Response, to the extent ghpkg and Octokit read one. */
function responseOf(
  url: URL,
  method: string,
  answer: IncomingMessage,
  signal: AbortSignal | null | undefined,
): Response {
  const status = answer.statusCode ?? 0;
  const headers = new AnswerHeaders(answer.headers);
  const empty = method === "HEAD" || status === 204 || status === 205 || status === 304;
  const body = empty ? null : new AnswerBody(answer, decoded(answer), signal);
  if (empty) answer.resume();
  const readAll = async () => (body ? await body.bytes() : Buffer.alloc(0));
  const response = {
    status,
    statusText: answer.statusMessage ?? "",
    ok: status >= 200 && status < 300,
    url: url.href,
    redirected: false,
    headers,
    body,
    text: async () => new TextDecoder().decode(await readAll()),
    json: async () => JSON.parse(new TextDecoder().decode(await readAll())) as unknown,
    arrayBuffer: async () => {
      const bytes = await readAll();
      return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
    },
  };
  return response as unknown as Response;
}

/** The body as sent, decoded from the content coding `fetch` asked for; zlib is loaded only for one. */
function decoded(answer: IncomingMessage): Readable {
  const coding = String(answer.headers["content-encoding"] ?? "")
    .trim()
    .toLowerCase();
  if (coding === "" || coding === "identity") return answer;
  const zlib = load("node:zlib") as typeof Zlib;
  const decoder =
    coding === "gzip" || coding === "x-gzip"
      ? zlib.createGunzip()
      : coding === "deflate"
        ? zlib.createInflate()
        : coding === "br"
          ? zlib.createBrotliDecompress()
          : undefined;
  if (!decoder) return answer;
  answer.on("error", (error) => decoder.destroy(error));
  return answer.pipe(decoder);
}

/** `Headers` as read: `get` (values of a repeated header joined by ", ") and iteration, names in lower case. */
class AnswerHeaders {
  readonly #values = new Map<string, string>();
  constructor(raw: IncomingMessage["headers"]) {
    for (const [name, value] of Object.entries(raw))
      if (value !== undefined) this.#values.set(name, Array.isArray(value) ? value.join(", ") : value);
  }
  get(name: string): string | null {
    return this.#values.get(name.toLowerCase()) ?? null;
  }
  has(name: string): boolean {
    return this.#values.has(name.toLowerCase());
  }
  forEach(callback: (value: string, name: string) => void): void {
    for (const [name, value] of this.#values) callback(value, name);
  }
  entries(): IterableIterator<[string, string]> {
    return this.#values.entries();
  }
  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.#values.entries();
  }
}

/**
 * The body as a stream of chunks, read with `getReader().read()` as a web stream is, or all at once.
 * The signal that bounded the request bounds its reading too: aborted, a read fails with its reason.
 */
class AnswerBody {
  readonly #chunks: AsyncIterator<Buffer>;
  readonly #answer: IncomingMessage;
  /** The answer itself, or the decoder it is piped through: destroying a decoder leaves the connection open. */
  readonly #stream: Readable;
  constructor(answer: IncomingMessage, stream: Readable, signal: AbortSignal | null | undefined) {
    this.#answer = answer;
    this.#stream = stream;
    // A connection lost while nobody reads is told to the next read (or to nobody), never thrown.
    stream.on("error", () => undefined);
    this.#chunks = stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
    if (signal) {
      const onAbort = () => this.#destroy(signal.reason as Error);
      if (signal.aborted) onAbort();
      else {
        signal.addEventListener("abort", onAbort, { once: true });
        stream.once("close", () => signal.removeEventListener("abort", onAbort));
      }
    }
  }
  getReader() {
    return {
      read: () => this.#read(),
      cancel: () => this.cancel(),
      releaseLock: () => undefined,
    };
  }
  cancel(): Promise<void> {
    this.#destroy();
    return Promise.resolve();
  }
  #destroy(error?: Error): void {
    this.#stream.destroy(error);
    if (this.#answer !== this.#stream) this.#answer.destroy();
  }
  async bytes(): Promise<Buffer> {
    const chunks: Uint8Array[] = [];
    for (;;) {
      const { done, value } = await this.#read();
      if (done) return Buffer.concat(chunks);
      chunks.push(value);
    }
  }
  async #read(): Promise<{ done: true; value: undefined } | { done: false; value: Uint8Array }> {
    try {
      const next: IteratorResult<Buffer> = await this.#chunks.next();
      return next.done === true ? { done: true, value: undefined } : { done: false, value: next.value };
    } catch (error) {
      // An abort's reason is the signal's own (a timeout's TimeoutError); anything else cut the answer short.
      const name = (error as Error | undefined)?.name;
      if (name === "TimeoutError" || name === "AbortError") throw error;
      throw new TypeError("terminated", { cause: error });
    }
  }
}
