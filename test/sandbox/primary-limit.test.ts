import { afterEach, describe, it } from "node:test";
import assert from "node:assert/strict";
import { startSandbox, type Sandbox, type SandboxOptions } from "../../src/sandbox/server.js";
import { stableId } from "../../src/sandbox/accounts.js";
import type { SandboxState } from "../../src/sandbox/state.js";
import { INSTALLATION_TOKEN, installationToken, pkg, state, TOKEN, versions } from "../helpers/sandbox.js";
import { call, messageOf, type HttpAnswer } from "./http.js";

// GitHub's primary rate limit, over plain HTTP: per user (or installation, or IP), an hour from the
// first request, refused at zero until the reset; registry requests and 304s cost nothing.
const NOW = Date.parse("2026-11-24T10:00:00Z");
const SECOND_TOKEN = "ghp_SecondTokenOfOctocat0123456789";
const LIST = "/user/packages/npm/lib/versions";
const opened: Sandbox[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((s) => s.close()));
});

async function open(options: Partial<SandboxOptions> = {}, extra: Partial<SandboxState> = {}) {
  const s = await startSandbox({
    state: state([pkg("npm", "lib", versions(6)), pkg("container", "web", versions(2))], {
      tokens: { [TOKEN]: "octocat", [SECOND_TOKEN]: "octocat", ...installationToken(["octocat/npm/lib"]) },
      ...extra,
    }),
    clock: () => NOW,
    ...options,
  });
  opened.push(s);
  return s;
}

const budget = (a: HttpAnswer) => ({
  limit: Number(a.headers.get("x-ratelimit-limit")),
  remaining: Number(a.headers.get("x-ratelimit-remaining")),
  used: Number(a.headers.get("x-ratelimit-used")),
  reset: Number(a.headers.get("x-ratelimit-reset")),
});

describe("the primary rate limit", () => {
  it("counts per user: every classic token of a user spends from one budget; reset is an hour after the first request", async () => {
    const s = await open({ rateLimit: 10 });
    const first = await call(s, LIST, { token: TOKEN });
    const second = await call(s, LIST, { token: SECOND_TOKEN });
    assert.deepEqual(budget(first), { limit: 10, remaining: 9, used: 1, reset: NOW / 1000 + 3600 });
    assert.deepEqual(budget(second), { limit: 10, remaining: 8, used: 2, reset: NOW / 1000 + 3600 });
    assert.equal(first.headers.get("x-ratelimit-resource"), "core");
    assert.equal(
      first.headers.get("date"),
      new Date(NOW).toUTCString(),
      "the date is on the sandbox's clock",
    );
  });

  it("an installation token has its own budget, 1,000 an hour unless told otherwise", async () => {
    const s = await open();
    await call(s, LIST, { token: TOKEN });
    const answer = await call(s, "/users/octocat/packages/npm/lib/versions", { token: INSTALLATION_TOKEN });
    assert.equal(answer.status, 200);
    assert.deepEqual(budget(answer), { limit: 1000, remaining: 999, used: 1, reset: NOW / 1000 + 3600 });
    assert.equal(budget(await call(s, LIST, { token: TOKEN })).limit, 5000);
  });

  it("at zero: 403 with GitHub's message and remaining 0, nothing carried out, until the reset", async () => {
    const s = await open({ rateLimit: 2 });
    await call(s, LIST, { token: TOKEN });
    assert.equal((await call(s, `${LIST}/1`, { token: TOKEN, method: "DELETE" })).status, 204);
    const refused = await call(s, `${LIST}/2`, { token: TOKEN, method: "DELETE" });
    assert.equal(refused.status, 403);
    assert.equal(messageOf(refused), `API rate limit exceeded for user ID ${stableId("octocat")}.`);
    assert.deepEqual(budget(refused), { limit: 2, remaining: 0, used: 2, reset: NOW / 1000 + 3600 });
    assert.equal(s.state.packages[0]?.versions[1]?.deleted_at, null, "a refused delete deletes nothing");
    assert.equal((await call(s, LIST, { token: TOKEN })).status, 403, "reads too");

    s.advanceClock(3_599_000);
    assert.equal((await call(s, LIST, { token: TOKEN })).status, 403, "a second before the reset");
    s.advanceClock(1000);
    const after = await call(s, LIST, { token: TOKEN });
    assert.equal(after.status, 200);
    assert.deepEqual(budget(after), { limit: 2, remaining: 1, used: 1, reset: NOW / 1000 + 7200 });
  });

  it("answers 429 instead when told to, as GitHub may", async () => {
    const s = await open({ rateLimit: 1, secondaryLimitStatus: 429 });
    await call(s, LIST, { token: TOKEN });
    const refused = await call(s, LIST, { token: TOKEN });
    assert.equal(refused.status, 429);
    assert.match(messageOf(refused), /^API rate limit exceeded for user ID \d+\.$/);
  });

  it("the registry is not counted, and still answers when the API's budget is spent", async () => {
    const s = await open({ rateLimit: 1 });
    await call(s, LIST, { token: TOKEN });
    const challenge = await call(s, "/v2/");
    assert.equal(challenge.status, 401);
    assert.equal(challenge.headers.get("x-ratelimit-remaining"), null);
    const token = await call(s, "/token?scope=repository:octocat/web:pull&service=sandbox", {
      headers: { authorization: `Basic ${Buffer.from(`octocat:${TOKEN}`).toString("base64")}` },
    });
    assert.equal(token.status, 200);
    assert.equal(s.counters().rateLimits[0]?.windows[0]?.used, 1);
  });

  it("a state's token may have its own limit", async () => {
    const s = await open({ rateLimit: 50 }, { tokens: { [TOKEN]: { login: "octocat", rate_limit: 3 } } });
    assert.equal(budget(await call(s, LIST, { token: TOKEN })).limit, 3);
  });

  it("without a token: 60 an hour per IP address, with GitHub's message", async () => {
    const s = await open();
    for (let i = 0; i < 60; i++) assert.equal((await call(s, "/users/octocat")).status, 200);
    const last = await call(s, "/users/octocat");
    assert.equal(last.status, 403);
    assert.match(messageOf(last), /^API rate limit exceeded for 127\.0\.0\.1\. \(But here's the good news/);
    assert.equal((await call(s, LIST, { token: TOKEN })).status, 200, "a token has its own budget");
  });

  it("counters say what each budget spent and had refused, window by window", async () => {
    const s = await open({ rateLimit: 2 });
    for (let i = 0; i < 3; i++) await call(s, LIST, { token: TOKEN });
    const moved = await call(s, "/_sandbox/clock", {
      method: "POST",
      body: JSON.stringify({ advance: "1h" }),
    });
    assert.deepEqual(moved.body, { now: "2026-11-24T11:00:00.000Z" });
    await call(s, LIST, { token: TOKEN });
    const counters = (await call(s, "/_sandbox/counters")).body as ReturnType<Sandbox["counters"]>;
    assert.deepEqual(counters.rateLimits, [
      {
        budget: "user octocat",
        limit: 2,
        windows: [
          { started_at: "2026-11-24T10:00:00Z", resets_at: "2026-11-24T11:00:00Z", used: 2, refused: 1 },
          { started_at: "2026-11-24T11:00:00Z", resets_at: "2026-11-24T12:00:00Z", used: 1, refused: 0 },
        ],
      },
    ]);
  });

  it("POST /_sandbox/clock refuses what it cannot read, in one line; GET answers the time", async () => {
    const s = await open();
    for (const body of ["nope", "{}", '{"advance":"soon"}', '{"now":"yesterday"}']) {
      const answer = await call(s, "/_sandbox/clock", { method: "POST", body });
      assert.equal(answer.status, 400, body);
      assert.doesNotMatch(messageOf(answer), /\n/);
    }
    await call(s, "/_sandbox/clock", { method: "POST", body: '{"now":"2026-12-01T00:00:00Z"}' });
    assert.deepEqual((await call(s, "/_sandbox/clock")).body, { now: "2026-12-01T00:00:00.000Z" });
  });
});
