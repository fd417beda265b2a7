import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { dispatch } from "../../src/apply/dispatch.js";
import { schedule } from "../../src/apply/order.js";
import type { Timer } from "../../src/apply/timer.js";
import type { Operation } from "../../src/plan/types.js";
import { version } from "../helpers/versions.js";

const ops = (count: number): Operation[] =>
  Array.from({ length: count }, (_, i) => ({
    action: "delete",
    ref: { owner: "octocat", type: "npm", name: "lib" },
    version: version(i + 1, `1.0.${i}`, 10),
    reason: "test",
  }));

/** A clock that moves only when someone sleeps on it: pacing is checked without waiting for real. */
function virtualTimer(): Timer & { sleeps: number[] } {
  let now = 0;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => now,
    sleep: (ms) => {
      sleeps.push(ms);
      now += ms;
      return Promise.resolve();
    },
  };
}

describe("dispatch: the only place a mutation starts", () => {
  it("spaces sends by the interval, from one send to the next, one at a time", async () => {
    const timer = virtualTimer();
    const sentAt: number[] = [];
    let onWire = 0;
    let most = 0;
    await dispatch(
      schedule(ops(4)),
      async () => {
        sentAt.push(timer.now());
        most = Math.max(most, ++onWire);
        await Promise.resolve();
        onWire--;
      },
      { concurrency: 8, intervalMs: 1000, stop: new AbortController().signal, timer },
    );
    assert.deepEqual(sentAt, [0, 1000, 2000, 3000]);
    assert.equal(timer.now(), 3000, "no pause after the last send");
    assert.equal(most, 1);
  });

  it("with no interval, keeps up to --concurrency on the wire, never more", async () => {
    const timer = virtualTimer();
    const waiting: (() => void)[] = [];
    let most = 0;
    const done = dispatch(
      schedule(ops(10)),
      () =>
        new Promise<void>((resolve) => {
          waiting.push(resolve);
          most = Math.max(most, waiting.length);
        }),
      { concurrency: 3, intervalMs: 0, stop: new AbortController().signal, timer },
    );
    while (waiting.length > 0 || most === 0) {
      await new Promise((r) => setImmediate(r));
      waiting.shift()?.();
    }
    await done;
    assert.equal(most, 3);
  });

  it("a stop sends nothing more and waits for what is on the wire", async () => {
    const timer = virtualTimer();
    const stop = new AbortController();
    const sent: number[] = [];
    let landed = 0;
    const reason = await dispatch(
      schedule(ops(5)),
      async (op) => {
        sent.push(op.version.id);
        if (sent.length === 2) stop.abort("interrupted");
        await new Promise((r) => setImmediate(r));
        landed++;
      },
      { concurrency: 8, intervalMs: 0, stop: stop.signal, timer },
    );
    assert.equal(reason, "interrupted");
    assert.deepEqual(sent, [1, 2]);
    assert.equal(landed, 2);
  });

  it("sends nothing new once the deadline has passed (--max-duration)", async () => {
    const timer = virtualTimer();
    const sent: number[] = [];
    const reason = await dispatch(
      schedule(ops(10)),
      (op) => {
        sent.push(op.version.id);
        return Promise.resolve();
      },
      { concurrency: 1, intervalMs: 1000, deadline: 2500, stop: new AbortController().signal, timer },
    );
    assert.equal(reason, "out of time");
    assert.deepEqual(sent, [1, 2, 3]);
    assert.ok(timer.now() <= 2500, "it does not sleep past the deadline");
  });
});
