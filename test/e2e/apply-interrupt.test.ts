import { afterEach, describe, it } from "node:test";
import assert from "node:assert/strict";
import { APPLY, applyRig, journalCounts, printed, type ApplyRig } from "../helpers/apply-run.js";

let rig: ApplyRig | undefined;
afterEach(() => rig?.close());

describe("apply stops where it is told to (Ctrl-C)", () => {
  it(
    "regression: with pacing, Ctrl-C sends nothing more and the journal claims only what left",
    { timeout: 30_000 },
    async () => {
      rig = await applyRig();
      // The pause is long enough that nothing else can be due when the signal arrives.
      const { child, result } = rig.start(...APPLY, "--write-interval", "60000");
      await printed(child, "stdout", /^done: /m);
      child.kill("SIGINT");
      const { code, stdout, stderr } = await result;
      assert.equal(code, 130, stderr);
      assert.match(stderr, /^stopping/m);
      assert.equal(rig.proxy.mutations.length, 1, "one mutation left the CLI");
      const { sent, settled } = journalCounts(rig.journal());
      assert.equal(sent.length, 1, "the journal says sent only for what left");
      assert.deepEqual(settled, sent, "and has its outcome");
      assert.match(stdout, /Apply: 0 deleted, 1 restored, 0 failed, 29 not started\./);
      assert.ok(!rig.lockExists(), "the lock is released");
    },
  );

  it("what is on the wire at Ctrl-C is awaited and journaled", { timeout: 30_000 }, async () => {
    rig = await applyRig({}, { holdMutation: (i) => i === 0 });
    const r = rig;
    const { child, result } = rig.start(...APPLY, "--write-interval", "0");
    await rig.proxy.until(() => r.proxy.held.length === 1);
    const stopping = printed(child, "stderr", /^stopping/m);
    child.kill("SIGINT");
    await stopping;
    await rig.proxy.release();
    const { code, stderr } = await result;
    assert.equal(code, 130, stderr);
    assert.equal(rig.proxy.mutations.length, 1);
    const { sent, settled } = journalCounts(rig.journal());
    assert.deepEqual([sent.length, settled], [1, sent]);
    assert.equal(rig.journal().at(-1)?.event, "done");
  });

  it("a second Ctrl-C exits at once, 130, with the lock released", { timeout: 30_000 }, async () => {
    rig = await applyRig({}, { holdMutation: () => true });
    const r = rig;
    const { child, result } = rig.start(...APPLY, "--write-interval", "0");
    await rig.proxy.until(() => r.proxy.held.length >= 1);
    const stopping = printed(child, "stderr", /^stopping/m);
    child.kill("SIGINT");
    await stopping;
    child.kill("SIGINT");
    const { code, stderr } = await result;
    assert.equal(code, 130, stderr);
    const { sent, settled } = journalCounts(rig.journal());
    assert.equal(sent.length, rig.proxy.mutations.length, "each sent line left the CLI");
    assert.deepEqual(settled, [], "nothing came back");
    assert.ok(!rig.lockExists());
  });

  it("SIGTERM is Ctrl-C", { timeout: 30_000 }, async () => {
    rig = await applyRig({}, { holdMutation: (i) => i === 0 });
    const r = rig;
    const { child, result } = rig.start(...APPLY, "--write-interval", "0");
    await rig.proxy.until(() => r.proxy.held.length === 1);
    const stopping = printed(child, "stderr", /^stopping/m);
    child.kill("SIGTERM");
    await stopping;
    await rig.proxy.release();
    assert.equal((await result).code, 130);
    assert.equal(rig.proxy.mutations.length, 1);
  });
});
