import assert from "node:assert/strict";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import { createGzip, gzipSync } from "node:zlib";
import { httpFetch, httpFetchWith } from "../../src/transport/http-fetch.js";

// The API client's fetch over node:http, against real servers on loopback: what `fetch` promises and
// ghpkg relies on (see src/transport/http-fetch.ts).
type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void;

async function serve(handler: Handler): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString()));
    req.on("end", () => handler(req, res, body));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

const close = (server: Server) => {
  server.closeAllConnections();
  return new Promise<void>((resolve) => server.close(() => resolve()));
};

describe("httpFetch", () => {
  const seen: { method: string; path: string; authorization: string | undefined; body: string }[] = [];
  let main: { server: Server; url: string };
  let other: { server: Server; url: string };

  before(async () => {
    other = await serve((req, res) => {
      seen.push({
        method: req.method ?? "",
        path: req.url ?? "",
        authorization: req.headers.authorization,
        body: "",
      });
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify({ at: "other" }));
    });
    main = await serve((req, res, body) => {
      seen.push({
        method: req.method ?? "",
        path: req.url ?? "",
        authorization: req.headers.authorization,
        body,
      });
      const path = req.url ?? "/";
      if (path === "/json") {
        res.setHeader("x-ratelimit-remaining", "41");
        res.setHeader("set-cookie", ["a=1", "b=2"]);
        res.setHeader("content-type", "application/json; charset=utf-8");
        return res.end(JSON.stringify({ name: "é", echo: body }));
      }
      if (path === "/gzip") {
        res.setHeader("content-encoding", "gzip");
        return res.end(gzipSync(JSON.stringify({ zipped: req.headers["accept-encoding"] })));
      }
      if (path === "/here") return res.writeHead(302, { location: "/json" }).end();
      if (path === "/away") return res.writeHead(301, { location: `${other.url}/landed` }).end();
      if (path === "/see-other") return res.writeHead(303, { location: "/json" }).end();
      if (path === "/nowhere") return res.writeHead(302, { location: "http://[::1" }).end();
      if (path === "/loop") return res.writeHead(307, { location: "/loop" }).end();
      if (path === "/empty") return res.writeHead(204).end();
      if (path === "/half") {
        res.writeHead(200, { "content-length": "1000" });
        res.write("x".repeat(100));
        return setTimeout(() => res.socket?.destroy(), 20);
      }
      if (path === "/slow-body") {
        res.writeHead(200, { "content-length": "1000" });
        return res.write("x"); // and never the rest
      }
      if (path !== "/never") res.writeHead(404).end("nothing here"); // /never: no answer at all
      return undefined;
    });
  });
  after(async () => {
    await close(main.server);
    await close(other.server);
  });

  it("sends the method, headers and body, and reads status, headers and a UTF-8 body", async () => {
    const response = await httpFetch(`${main.url}/json`, {
      method: "POST",
      headers: { Authorization: "token t", "content-type": "application/json" },
      body: "hello",
    });
    assert.equal(response.status, 200);
    assert.equal(response.url, `${main.url}/json`);
    assert.equal(response.headers.get("X-RateLimit-Remaining"), "41");
    assert.equal(response.headers.get("set-cookie"), "a=1, b=2");
    assert.equal(response.headers.get("absent"), null);
    const names = [...response.headers].map(([name]) => name);
    assert.ok(names.includes("content-type") && names.includes("x-ratelimit-remaining"));
    assert.deepEqual(await response.json(), { name: "é", echo: "hello" });
    assert.deepEqual(seen.at(-1), { method: "POST", path: "/json", authorization: "token t", body: "hello" });
  });

  it("reads a body chunk by chunk through getReader, as a web stream is read", async () => {
    const response = await httpFetch(`${main.url}/json`);
    const reader = response.body!.getReader();
    let text = "";
    for (;;) {
      const chunk = (await reader.read()) as { done: boolean; value?: Uint8Array };
      if (chunk.done || !chunk.value) break;
      text += Buffer.from(chunk.value).toString("utf8");
    }
    assert.deepEqual(JSON.parse(text), { name: "é", echo: "" });
  });

  it("asks for compressed answers and decodes them", async () => {
    const response = await httpFetch(`${main.url}/gzip`);
    assert.deepEqual(await response.json(), { zipped: "gzip, deflate, br" });
  });

  it("follows a redirect on the same origin with the token, and to another origin without it", async () => {
    const same = await httpFetch(`${main.url}/here`, { headers: { authorization: "token t" } });
    assert.equal(same.url, `${main.url}/json`);
    assert.equal(seen.at(-1)?.authorization, "token t");
    await same.text();
    const away = await httpFetch(`${main.url}/away`, { headers: { authorization: "token t" } });
    assert.deepEqual(await away.json(), { at: "other" });
    assert.deepEqual(seen.at(-1), { method: "GET", path: "/landed", authorization: undefined, body: "" });
  });

  it("turns a 303 after a DELETE into a GET without the body, and stops after 20 redirects", async () => {
    const response = await httpFetch(`${main.url}/see-other`, { method: "DELETE", body: "gone" });
    await response.text();
    assert.deepEqual(seen.at(-1), { method: "GET", path: "/json", authorization: undefined, body: "" });
    const loop = await httpFetch(`${main.url}/loop`).catch((error: unknown) => error);
    assert.ok(loop instanceof TypeError && loop.message === "fetch failed");
    assert.match(String((loop.cause as Error).message), /redirect count exceeded/);
  });

  it("fails a redirect to a place that is not a URL, rather than throwing where nobody catches", async () => {
    const error = await httpFetch(`${main.url}/nowhere`).catch((e: unknown) => e);
    assert.ok(error instanceof TypeError && error.message === "fetch failed", String(error));
  });

  it("hands back a redirect as it is when asked to", async () => {
    const response = await httpFetch(`${main.url}/here`, { redirect: "manual" });
    assert.equal(response.status, 302);
    assert.equal(response.headers.get("location"), "/json");
  });

  it("gives an empty body for 204 and HEAD", async () => {
    assert.equal(await (await httpFetch(`${main.url}/empty`)).text(), "");
    const head = await httpFetch(`${main.url}/json`, { method: "HEAD" });
    assert.equal(head.body, null);
    assert.equal(await head.text(), "");
  });

  it("fails as fetch does when nothing listens, naming the network's error code", async () => {
    // Port 9 (discard), where nothing listens: a port just freed could be taken by another test file's server.
    const error = await httpFetch("http://127.0.0.1:9/json").catch((e: unknown) => e);
    assert.ok(error instanceof TypeError && error.message === "fetch failed");
    assert.equal((error.cause as { code?: string }).code, "ECONNREFUSED");
  });

  it("fails a body cut short as `terminated`, with the cause", async () => {
    const response = await httpFetch(`${main.url}/half`);
    const error = await response.text().catch((e: unknown) => e);
    assert.ok(error instanceof TypeError && error.message === "terminated", String(error));
    assert.ok(error.cause instanceof Error);
  });

  it("ends a request that is never answered, and a body that never ends, with the signal's TimeoutError", async () => {
    const never = await httpFetch(`${main.url}/never`, { signal: AbortSignal.timeout(50) }).catch(
      (e: unknown) => e,
    );
    assert.equal((never as Error).name, "TimeoutError");
    const slow = await httpFetch(`${main.url}/slow-body`, { signal: AbortSignal.timeout(100) });
    const error = await slow.text().catch((e: unknown) => e);
    assert.equal((error as Error).name, "TimeoutError");
    const aborted = new AbortController();
    aborted.abort();
    const before = await httpFetch(`${main.url}/json`, { signal: aborted.signal }).catch((e: unknown) => e);
    assert.equal((before as Error).name, "AbortError");
  });

  it("fails a request (a mutation has no signal) when the connection says nothing for the idle limit", async () => {
    const impatient = httpFetchWith({ idleTimeoutMs: 100 });
    const never = await impatient(`${main.url}/never`, { method: "DELETE" }).catch((e: unknown) => e);
    assert.ok(never instanceof TypeError && never.message === "fetch failed", String(never));
    assert.equal((never.cause as { code?: string }).code, "ETIMEDOUT");
    const stalled = await impatient(`${main.url}/slow-body`);
    const error = await stalled.text().catch((e: unknown) => e);
    assert.ok(error instanceof TypeError && error.message === "terminated", String(error));
    assert.equal((error.cause as { code?: string }).code, "ETIMEDOUT");
  });

  it("closes the connection of a compressed answer given up on (cancelled, or its signal aborted)", async () => {
    // A compressed answer that never ends, as a hostile server sends one: the reader stops at its cap.
    const closed: Promise<void>[] = [];
    const endless = await serve((_req, res) => {
      closed.push(new Promise((resolve) => res.socket?.once("close", () => resolve())));
      res.writeHead(200, { "content-encoding": "gzip" });
      const gzip = createGzip();
      gzip.pipe(res);
      const more = setInterval(() => gzip.write("x".repeat(1000)) && gzip.flush(), 5);
      res.once("close", () => clearInterval(more));
    });
    try {
      const cancelled = await httpFetch(`${endless.url}/`);
      const reader = cancelled.body!.getReader();
      assert.equal(((await reader.read()) as { done: boolean }).done, false);
      await reader.cancel();
      await closed[0];
      const aborted = await httpFetch(`${endless.url}/`, { signal: AbortSignal.timeout(100) });
      const error = await aborted.text().catch((e: unknown) => e);
      assert.equal((error as Error).name, "TimeoutError");
      await closed[1];
    } finally {
      await close(endless.server);
    }
  });

  it("refuses what it does not send rather than sending something else", async () => {
    await assert.rejects(httpFetch(new Request(`${main.url}/json`)), TypeError);
    await assert.rejects(
      httpFetch(`${main.url}/json`, { method: "POST", body: new Uint8Array(1) }),
      TypeError,
    );
    await assert.rejects(httpFetch("ftp://127.0.0.1/x"), /fetch failed/);
  });
});
