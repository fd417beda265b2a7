import { after, describe, it } from "node:test";
import assert from "node:assert/strict";
import { createClient } from "../../src/live/client.js";
import { githubSource } from "../../src/live/github.js";
import { readPool } from "../../src/transport/read-pool.js";
import type { Sandbox } from "../../src/sandbox/server.js";
import { pkg, sandbox, TOKEN, versions } from "../helpers/sandbox.js";

const opened: Sandbox[] = [];
after(() => Promise.all(opened.map((s) => s.close())));

/** The real adapter with a read pool of `size`, as cli/connect.ts makes it. */
function pooledSource(url: string, size: number) {
  const client = createClient({
    apiUrl: url,
    token: TOKEN,
    userAgent: "ghpkg-test",
    reads: readPool(size),
    retryBaseMs: 5,
    onWait: () => undefined,
  });
  return githubSource(client, url);
}

describe("the read pool", () => {
  it("never runs more than its size, and starts the next task as one ends", async () => {
    const pool = readPool(3);
    let running = 0;
    let peak = 0;
    const opens: (() => void)[] = [];
    const gates = Array.from({ length: 10 }, () => new Promise<void>((resolve) => opens.push(resolve)));
    const tasks = gates.map((gate, i) =>
      pool.run(async () => {
        peak = Math.max(peak, ++running);
        await gate;
        running--;
        return i;
      }),
    );
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(running, 3);
    for (const open of opens) open();
    assert.deepEqual(await Promise.all(tasks), [...Array(10).keys()]);
    assert.equal(peak, 3);
  });

  it("a failed task frees its place", async () => {
    const pool = readPool(1);
    await assert.rejects(
      pool.run(() => Promise.reject(new Error("no"))),
      /no/,
    );
    assert.equal(await pool.run(() => Promise.resolve(7)), 7);
  });

  // Each answer waits 200 ms, so requests sent together overlap at the sandbox even on a busy machine.
  for (const size of [5, 40]) {
    it(`bounds the pages of every package together at ${size} in flight, past the plugin's old cap of 10`, async () => {
      const packages = Array.from({ length: 20 }, (_, i) =>
        pkg("npm", `lib${i}`, versions(250, { firstId: i * 1000 + 1 })),
      );
      const s = await sandbox(packages, { latencyMs: 200 });
      opened.push(s);
      const github = pooledSource(s.url, size);
      const listed = await Promise.all(
        packages.map((p) => github.listVersions({ owner: "octocat", type: "npm", name: p.name }, "active")),
      );
      assert.deepEqual(
        listed.map((l) => l.length),
        packages.map(() => 250),
      );
      // 20 first pages at once, then the 40 they announce: the pool fills, and never overflows.
      if (size === 5) assert.equal(s.peakInFlight(), 5);
      else assert.ok(s.peakInFlight() > 10 && s.peakInFlight() <= 40, `peak ${s.peakInFlight()}`);
    });
  }
});
