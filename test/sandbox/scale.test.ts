import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import type { Sandbox } from "../../src/sandbox/server.js";
import { pkg, sandbox, TOKEN, versions } from "../helpers/sandbox.js";

// Issue 15: a 100,000-version package is served in linear time overall. The sandbox sorts once and
// slices each page; were it to rebuild every version's JSON per page (as it did), this suite would
// take minutes instead of seconds. No clock is read here: the test's own timeout is the guard.
const COUNT = 100_000;
let s: Sandbox;
before(async () => {
  s = await sandbox([pkg("npm", "huge", versions(COUNT))]);
});
after(() => s.close());

describe("a 100,000-version package", { timeout: 120_000 }, () => {
  it("is listed page by page, every version exactly once, newest first", async () => {
    const seen = new Set<number>();
    let previous = 0;
    const pages = COUNT / 100;
    for (let page = 1; page <= pages; page++) {
      const response = await fetch(
        `${s.url}/users/octocat/packages/npm/huge/versions?per_page=100&page=${page}`,
        { headers: { authorization: `token ${TOKEN}` } },
      );
      const items = (await response.json()) as { id: number }[];
      assert.equal(items.length, 100);
      for (const { id } of items) {
        assert.ok(id > previous, "newest first: ids ascend as versions age");
        previous = id;
        seen.add(id);
      }
    }
    assert.equal(seen.size, COUNT);
    assert.equal(s.counters().requests, pages);
  });

  it("takes 1,000 deletes one after another, each a lookup, not a rebuild", async () => {
    for (let id = 1; id <= 1000; id++) {
      const response = await fetch(`${s.url}/user/packages/npm/huge/versions/${id}`, {
        method: "DELETE",
        headers: { authorization: `token ${TOKEN}` },
      });
      assert.equal(response.status, 204);
    }
    const deleted = await fetch(
      `${s.url}/user/packages/npm/huge/versions?state=deleted&per_page=100&page=10`,
      {
        headers: { authorization: `token ${TOKEN}` },
      },
    );
    assert.deepEqual(
      ((await deleted.json()) as { id: number }[]).map((v) => v.id),
      Array.from({ length: 100 }, (_, i) => 901 + i),
    );
    assert.equal(s.mutationLog().length, 1000);
  });
});
