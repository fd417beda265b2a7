import { after, describe, it } from "node:test";
import assert from "node:assert/strict";
import { createClient } from "../../src/live/client.js";
import { githubSource } from "../../src/live/github.js";
import { RateLimited } from "../../src/live/github-error.js";
import { rateLimitTracker, readBudget } from "../../src/live/rate-limit.js";
import type { PackageRef } from "../../src/model/package.js";
import type { Sandbox, SandboxOptions } from "../../src/sandbox/server.js";
import { stableId } from "../../src/sandbox/accounts.js";
import { pkg, sandbox, TOKEN, versions } from "../helpers/sandbox.js";

const ref: PackageRef = { owner: "octocat", type: "npm", name: "lib" };
const NOW = Date.parse("2026-11-24T10:00:00Z");
const HOUR = 3_600_000;

const headers = (remaining: number, reset: number, date: number | null = NOW) =>
  new Headers({
    "x-ratelimit-limit": "1000",
    "x-ratelimit-remaining": String(remaining),
    "x-ratelimit-reset": String(reset),
    "x-ratelimit-resource": "core",
    ...(date === null ? {} : { date: new Date(date).toUTCString() }),
  });

describe("the budget GitHub's answers report", () => {
  it("counts down to the reset on GitHub's clock (its `date`), whatever this machine's clock says", () => {
    let monotonic = 0;
    // This machine's clock is two hours behind GitHub's: the wait must still be the window's 30 minutes.
    const tracker = rateLimitTracker(
      () => monotonic,
      () => NOW - 2 * HOUR,
    );
    tracker.sending();
    tracker.answered(headers(900, (NOW + HOUR / 2) / 1000));
    assert.deepEqual(tracker.status(), {
      limit: 1000,
      remaining: 900,
      resetAt: NOW + HOUR / 2,
      msUntilReset: HOUR / 2,
      sent: 1,
    });
    monotonic = 10 * 60_000;
    assert.equal(tracker.status()?.msUntilReset, 20 * 60_000);
    assert.equal(
      readBudget(headers(900, (NOW + HOUR / 2) / 1000, null), () => NOW - 2 * HOUR)?.msUntilReset,
      2.5 * HOUR,
      "without a date, this machine's clock is all there is",
    );
  });

  it("spends what is on its way, takes the lowest count of a window, ignores an older window", () => {
    const tracker = rateLimitTracker(
      () => 0,
      () => NOW,
    );
    const reset = (NOW + HOUR) / 1000;
    for (let i = 0; i < 3; i++) tracker.sending();
    tracker.answered(headers(500, reset));
    assert.equal(tracker.status()?.remaining, 498, "two more are on their way");
    tracker.answered(headers(501, reset)); // an earlier answer, arriving late
    assert.equal(tracker.status()?.remaining, 499);
    tracker.answered(headers(0, reset - 3600)); // the previous window's
    assert.equal(tracker.status()?.remaining, 500);
    assert.equal(tracker.status()?.sent, 3);
  });

  it("after the reset, the whole limit is there again, for an hour", () => {
    let monotonic = 0;
    const tracker = rateLimitTracker(
      () => monotonic,
      () => NOW,
    );
    tracker.sending();
    tracker.answered(headers(0, (NOW + 60_000) / 1000));
    monotonic = 61_000;
    assert.deepEqual(
      { ...tracker.status(), sent: 0 },
      { limit: 1000, remaining: 1000, resetAt: NOW + 60_000 + HOUR, msUntilReset: HOUR, sent: 0 },
    );
  });

  it("reads nothing from another resource's budget, nor from answers without one", () => {
    const search = headers(1, NOW / 1000);
    search.set("x-ratelimit-resource", "search");
    assert.equal(readBudget(search), undefined);
    assert.equal(readBudget(new Headers()), undefined);
  });
});

describe("the client and a spent budget (real Octokit, sandbox over HTTP)", () => {
  const opened: Sandbox[] = [];
  after(() => Promise.all(opened.map((s) => s.close())));
  const open = async (options: Partial<SandboxOptions>) => {
    const s = await sandbox([pkg("npm", "lib", versions(5))], { clock: () => NOW, ...options });
    opened.push(s);
    return s;
  };
  const client = (s: Sandbox, extra: Partial<Parameters<typeof createClient>[0]> = {}) =>
    createClient({
      apiUrl: s.url,
      token: TOKEN,
      userAgent: "t",
      retryBaseMs: 0.01,
      onWait: () => undefined,
      ...extra,
    });

  it("the source reports the budget after a listing", async () => {
    const s = await open({ rateLimit: 100 });
    const source = githubSource(client(s), s.url);
    assert.equal(source.rateLimit?.(), undefined, "nothing known before the first answer");
    await source.listVersions(ref, "active");
    const status = source.rateLimit?.();
    assert.equal(status?.limit, 100);
    assert.equal(status?.remaining, 98, "GET /users/octocat and one page");
    assert.equal(status?.resetAt, NOW + HOUR);
    assert.equal(status?.sent, 2);
  });

  it("a read that meets a spent budget waits for the reset (counted on GitHub's clock) and is sent again", async () => {
    const s = await open({ rateLimit: 2 });
    const notes: string[] = [];
    // The note comes before the wait: the test lets the sandbox's hour pass then.
    const source = githubSource(
      client(s, {
        onWait: (what, waitMs) => {
          notes.push(`${what}; ${waitMs} ms`);
          s.advanceClock(HOUR);
        },
      }),
      s.url,
    );
    await source.listVersions(ref, "active");
    const listed = await source.listVersions(ref, "active");
    assert.equal(listed.length, 5);
    assert.deepEqual(notes, [
      // A second past the hour's reset, scaled as the plugins' waits are (retryBaseMs 0.01).
      `GitHub's rate limit to reset: the token's 2 requests an hour are spent (GET /users/octocat/packages/npm/lib/versions); ${((HOUR + 1000) * 0.01) / 1000} ms`,
    ]);
    assert.deepEqual(
      s.requests.map((r) => r.status),
      [200, 200, 403, 200],
    );
  });

  it("a read whose reset comes later than it may wait fails at once, as a spent rate limit, not a refusal", async () => {
    const s = await open({ rateLimit: 1 });
    const source = githubSource(client(s, { maxPrimaryWaitMs: () => 60_000 }), s.url);
    await assert.rejects(source.listVersions(ref, "active"), (error: Error) => {
      assert.ok(error instanceof RateLimited);
      assert.equal(
        error.message,
        `the token's GitHub rate limit (1 requests an hour) is spent until 2026-11-24T11:00:00Z (in 1 h): package npm/lib of octocat was refused (403: API rate limit exceeded for user ID ${stableId("octocat")}.); try again after the reset`,
      );
      return true;
    });
    assert.equal(s.requests.length, 2);
  });

  it("who the token is: a spent budget is an error, not an installation token's 403", async () => {
    const s = await open({ rateLimit: 1 });
    const source = githubSource(client(s, { maxPrimaryWaitMs: () => 0 }), s.url);
    await source.ownerKind("octocat");
    await assert.rejects(source.viewer(), RateLimited);
  });

  for (const status of [403, 429] as const)
    it(`a delete refused by a spent budget (${status}) is sent once, not retried nor waited out`, async () => {
      const s = await open({ rateLimit: 1, secondaryLimitStatus: status });
      const source = githubSource(client(s), s.url);
      await source.ownerKind("octocat");
      await assert.rejects(source.deleteVersion(ref, 1), (error: Error) => {
        assert.ok(error instanceof RateLimited);
        assert.equal(error.status, status);
        assert.ok(error.msUntilReset > HOUR - 2000 && error.msUntilReset <= HOUR);
        return true;
      });
      assert.equal(s.mutationLog().length, 0);
      assert.equal(s.requests.filter((r) => r.method === "DELETE").length, 1);
    });

  it("a secondary limit answered 429 is still waited out and retried", async () => {
    const s = await open({ secondaryRateLimitEvery: 1, secondaryLimitStatus: 429 });
    const source = githubSource(client(s), s.url);
    await assert.rejects(source.deleteVersion(ref, 1));
    assert.equal(
      s.requests.filter((r) => r.method === "DELETE").length,
      6,
      "five retries, then GitHub's answer",
    );
  });
});
