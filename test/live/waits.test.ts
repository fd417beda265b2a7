import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { createClient } from "../../src/live/client.js";
import { waitNotice } from "../../src/render/wait-notice.js";
import { listening } from "../helpers/tiny-server.js";

/** A server that answers each request in turn with the next of these (then 200 `[]`), and counts. */
async function answering(
  ...answers: { status: number; headers?: Record<string, string>; message?: string }[]
) {
  let asked = 0;
  const url = await listening(
    createServer((_req, res) => {
      const answer = answers[asked++] ?? { status: 200 };
      res.writeHead(answer.status, { "content-type": "application/json", ...answer.headers });
      res.end(answer.status === 200 ? "[]" : JSON.stringify({ message: answer.message ?? "Server Error" }));
    }),
  );
  return { url, asked: () => asked };
}

function client(url: string, waits: [string, number][]) {
  return createClient({
    apiUrl: url,
    token: "ghp_WaitTestToken0123456789",
    userAgent: "ghpkg-test",
    retryBaseMs: 5,
    onWait: (what, waitMs) => waits.push([what, waitMs]),
  });
}

describe("every wait is told, with what it waits for and how long", () => {
  it("a 5xx retried: 1, 4, 9 times the base, naming the request and its answer", async () => {
    const server = await answering({ status: 502 }, { status: 503 }, { status: 502 });
    const waits: [string, number][] = [];
    const answer = await client(server.url, waits).request("GET /users/{owner}/packages", {
      owner: "octocat",
    });
    assert.equal(answer.status, 200);
    assert.equal(server.asked(), 4);
    assert.deepEqual(
      waits.map(([, ms]) => ms),
      [5, 20, 45],
    );
    assert.match(
      waits[0]?.[0] ?? "",
      /^a retry of GET http:\/\/127\.0\.0\.1:\d+\/users\/octocat\/packages, which was answered 502$/,
    );
    assert.match(waits[1]?.[0] ?? "", /answered 503$/);
  });

  it("the last failure is not followed by a wait: nothing is told for it", async () => {
    const server = await answering({ status: 502 }, { status: 502 }, { status: 502 }, { status: 502 });
    const waits: [string, number][] = [];
    await assert.rejects(client(server.url, waits).request("GET /user"));
    assert.equal(server.asked(), 4);
    assert.equal(waits.length, 3);
  });

  it("a secondary rate limit: retry-after times the base", async () => {
    const server = await answering({
      status: 403,
      headers: { "retry-after": "7" },
      message: "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.",
    });
    const waits: [string, number][] = [];
    const answer = await client(server.url, waits).request("GET /users/{owner}/packages", {
      owner: "octocat",
    });
    assert.equal(answer.status, 200);
    assert.deepEqual(waits, [["GitHub's secondary rate limit (GET /users/{owner}/packages)", 35]]);
  });
});

describe("the line a long wait gets", () => {
  const NOW = Date.parse("2026-11-24T10:00:00Z");
  it("says what it waits for and until when, for waits over 5 s only", () => {
    assert.equal(waitNotice("GitHub's rate limit to reset (GET /user)", 5_000, NOW), undefined);
    assert.equal(
      waitNotice("GitHub's rate limit to reset (GET /user)", 62_000, NOW),
      "waiting 62 s, until 2026-11-24T10:01:02Z, for GitHub's rate limit to reset (GET /user)",
    );
    assert.equal(waitNotice("x", 3_600_000, NOW), "waiting 60 min 0 s, until 2026-11-24T11:00:00Z, for x");
    assert.equal(
      waitNotice("x", 1_000, NOW, true),
      "waiting 1 s, until 2026-11-24T10:00:01Z, for x",
      "--verbose says every wait",
    );
  });
});
