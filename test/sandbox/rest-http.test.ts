import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import type { Sandbox } from "../../src/sandbox/server.js";
import { pkg, sandbox, TOKEN, versions } from "../helpers/sandbox.js";
import { call, messageOf } from "./http.js";

// HTTP details that third-party clients (curl scripts, gh api, Octokit) rely on, as api.github.com
// answers them: found by running those clients against `ghpkg sandbox`.
let s: Sandbox;
before(async () => {
  s = await sandbox([pkg("npm", "lib", versions(5))], { maxPerPage: 2 });
});
after(() => s.close());

const LIST = "/users/octocat/packages/npm/lib/versions?per_page=2";
const GITHUB_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;

describe("HEAD", () => {
  it("answers like GET without a body (curl -I): status, Link and rate-limit headers", async () => {
    const get = await call(s, LIST, { token: TOKEN });
    const head = await call(s, LIST, { token: TOKEN, method: "HEAD" });
    assert.equal(head.status, 200);
    assert.equal(head.text, "");
    assert.equal(head.headers.get("link"), get.headers.get("link"));
    assert.equal(head.headers.get("content-length"), get.headers.get("content-length"));
    assert.ok(head.headers.get("x-ratelimit-remaining"));
  });

  it("a HEAD of something missing is 404, of something private without a token 401", async () => {
    assert.equal(
      (await call(s, "/users/octocat/packages/npm/nope", { token: TOKEN, method: "HEAD" })).status,
      404,
    );
    assert.equal((await call(s, "/user", { method: "HEAD" })).status, 401);
  });
});

describe("API versions", () => {
  it("X-GitHub-Api-Version 2022-11-28 is served and echoed as selected", async () => {
    const answer = await call(s, LIST, { token: TOKEN, headers: { "x-github-api-version": "2022-11-28" } });
    assert.equal(answer.status, 200);
    assert.equal(answer.headers.get("x-github-api-version-selected"), "2022-11-28");
  });

  it("a later version (a date up to today) is served too: a client sending GitHub's newest is not refused", async () => {
    // A week before the sandbox's clock (the test's own): GitHub's newest is always dated before today.
    const lastWeek = new Date(Date.now() - 7 * 86_400_000).toISOString().slice(0, 10);
    const answer = await call(s, LIST, { token: TOKEN, headers: { "x-github-api-version": lastWeek } });
    assert.equal(answer.status, 200);
  });

  for (const version of ["2022-01-01", "latest", "2026-13-45"])
    it(`a version that cannot be GitHub's (${version}) is refused with 400`, async () => {
      const answer = await call(s, LIST, { token: TOKEN, headers: { "x-github-api-version": version } });
      assert.equal(answer.status, 400);
      assert.equal(messageOf(answer), `API version ${version} is not supported.`);
    });

  it("a version the sandbox does not serve is refused with 400, never answered in another version's shape", async () => {
    const answer = await call(s, LIST, { token: TOKEN, headers: { "x-github-api-version": "2099-01-01" } });
    assert.equal(answer.status, 400);
    assert.equal(messageOf(answer), "API version 2099-01-01 is not supported.");
    assert.match((answer.body as { documentation_url: string }).documentation_url, /api-versions/);
  });
});

describe("headers and payloads", () => {
  it("X-GitHub-Media-Type says github.v3 JSON, for Accept: application/vnd.github+json", async () => {
    const answer = await call(s, LIST, { token: TOKEN, headers: { accept: "application/vnd.github+json" } });
    assert.equal(answer.headers.get("x-github-media-type"), "github.v3; format=json");
  });

  it("times are ISO 8601 to the second, as api.github.com writes them, deleted_at included", async () => {
    const first = await call(s, LIST, { token: TOKEN });
    const listed = first.body as { id: number; created_at: string; updated_at: string }[];
    for (const v of listed) {
      assert.match(v.created_at, GITHUB_TIME);
      assert.match(v.updated_at, GITHUB_TIME);
    }
    const id = listed[0]?.id ?? 0;
    assert.equal(
      (await call(s, `/user/packages/npm/lib/versions/${id}`, { token: TOKEN, method: "DELETE" })).status,
      204,
    );
    const deleted = await call(s, "/user/packages/npm/lib/versions?state=deleted", { token: TOKEN });
    const gone = (deleted.body as { id: number; deleted_at: string }[]).find((v) => v.id === id);
    assert.match(gone?.deleted_at ?? "", GITHUB_TIME);
  });
});

describe("conditional requests", () => {
  it("a GET answers an ETag; If-None-Match with it is 304 without a body and costs no rate limit", async () => {
    const first = await call(s, LIST, { token: TOKEN });
    const etag = first.headers.get("etag") ?? "";
    assert.match(etag, /^W\/"[0-9a-f]+"$/);
    const remaining = Number(first.headers.get("x-ratelimit-remaining"));
    const again = await call(s, LIST, { token: TOKEN, headers: { "if-none-match": etag } });
    assert.equal(again.status, 304);
    assert.equal(again.text, "");
    assert.equal(again.headers.get("etag"), etag);
    assert.equal(
      Number(again.headers.get("x-ratelimit-remaining")),
      remaining,
      "a 304 is free, as GitHub says",
    );
    assert.equal(s.requests.at(-1)?.status, 304, "the request log says what was sent");
  });

  it("a stale ETag gets the full answer", async () => {
    const answer = await call(s, LIST, { token: TOKEN, headers: { "if-none-match": 'W/"0000"' } });
    assert.equal(answer.status, 200);
    assert.ok(Array.isArray(answer.body));
  });
});
