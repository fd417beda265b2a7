import { afterEach, describe, it } from "node:test";
import assert from "node:assert/strict";
import type { Sandbox, SandboxOptions } from "../../src/sandbox/server.js";
import { pkg, sandbox, TOKEN, versions } from "../helpers/sandbox.js";
import { call, messageOf } from "./http.js";

// Secondary rate limits and faults, answered as GitHub does; no wall-clock assertions.
const opened: Sandbox[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((s) => s.close()));
});

async function open(options: Partial<SandboxOptions>): Promise<Sandbox> {
  const s = await sandbox([pkg("npm", "a", versions(6))], options);
  opened.push(s);
  return s;
}

const remove = (s: Sandbox, id: number) =>
  call(s, `/user/packages/npm/a/versions/${id}`, { token: TOKEN, method: "DELETE" });

/** Waits (on the event loop, not a timer) until the sandbox holds this many requests. */
async function untilInFlight(s: Sandbox, n: number): Promise<void> {
  while (s.counters().inFlight < n) await new Promise((resolve) => setImmediate(resolve));
}

describe("secondary rate limits", () => {
  it("too many requests in flight: 403 with retry-after and GitHub's message; the rest go through", async () => {
    const s = await open({ maxConcurrentRequests: 2 });
    await s.pauseMutationsAfter(0);
    // Two held deletes keep two requests in flight for as long as the test wants, without a timer.
    const held = [remove(s, 1), remove(s, 2)];
    await untilInFlight(s, 2);
    const third = await call(s, "/user/packages/npm/a/versions", { token: TOKEN });
    assert.equal(third.status, 403);
    assert.equal(third.headers.get("retry-after"), "1");
    assert.match(messageOf(third), /secondary rate limit/);
    s.resumeMutations();
    assert.deepEqual(
      (await Promise.all(held)).map((a) => a.status),
      [204, 204],
    );
    assert.equal((await call(s, "/user/packages/npm/a/versions", { token: TOKEN })).status, 200);
  });

  it("can answer 429 instead of 403", async () => {
    const s = await open({ maxConcurrentRequests: 1, secondaryLimitStatus: 429 });
    await s.pauseMutationsAfter(0);
    const held = remove(s, 1);
    await untilInFlight(s, 1);
    assert.equal((await call(s, "/user/packages/npm/a/versions", { token: TOKEN })).status, 429);
    s.resumeMutations();
    assert.equal((await held).status, 204);
  });

  it("mutations closer than the interval: the second is refused and not carried out", async () => {
    const s = await open({ minMutationIntervalMs: 60_000 });
    assert.equal((await remove(s, 1)).status, 204);
    const second = await remove(s, 2);
    assert.equal(second.status, 403);
    assert.ok(second.headers.get("retry-after"));
    assert.equal(s.state.packages[0]?.versions[1]?.deleted_at, null);
  });

  it("every Nth mutation is refused", async () => {
    const s = await open({ secondaryRateLimitEvery: 2 });
    assert.deepEqual(
      [(await remove(s, 1)).status, (await remove(s, 2)).status, (await remove(s, 3)).status],
      [204, 403, 204],
    );
  });

  it("off by default: 100 deletes at once all pass", async () => {
    const s = await sandbox([pkg("npm", "many", versions(101))]);
    opened.push(s);
    const answers = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        call(s, `/user/packages/npm/many/versions/${i + 1}`, { token: TOKEN, method: "DELETE" }),
      ),
    );
    assert.ok(answers.every((a) => a.status === 204));
  });
});

describe("faults", () => {
  it("a fault rate of 1 answers 502 and changes nothing", async () => {
    const s = await open({ faultRate: 1 });
    assert.equal((await remove(s, 1)).status, 502);
    assert.equal(s.state.packages[0]?.versions[0]?.deleted_at, null);
  });

  it("a lost response: the delete is carried out, the answer is 502", async () => {
    const s = await open({ lostResponseRate: 1 });
    assert.equal((await remove(s, 1)).status, 502);
    assert.notEqual(s.state.packages[0]?.versions[0]?.deleted_at, null);
    assert.deepEqual(
      s.mutationLog().map((m) => m.version_id),
      [1],
    );
  });
});
