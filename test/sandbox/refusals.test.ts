import { afterEach, describe, it } from "node:test";
import assert from "node:assert/strict";
import type { Sandbox } from "../../src/sandbox/server.js";
import type { SandboxPackage } from "../../src/sandbox/state.js";
import { MESSAGES } from "../../src/sandbox/rules.js";
import { pkg, sandbox, TOKEN, versions } from "../helpers/sandbox.js";
import { call, messageOf } from "./http.js";

// Each refusal GitHub answers to a delete or a restore, over plain HTTP, and that nothing changed.
const opened: Sandbox[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((s) => s.close()));
});

async function open(packages: SandboxPackage[]): Promise<Sandbox> {
  const s = await sandbox(packages);
  opened.push(s);
  return s;
}

const daysAgo = (d: number) => new Date(Date.now() - d * 86_400_000).toISOString();
const remove = (s: Sandbox, type: string, name: string, id: number) =>
  call(s, `/user/packages/${type}/${name}/versions/${id}`, { token: TOKEN, method: "DELETE" });
const restore = (s: Sandbox, type: string, name: string, id: number) =>
  call(s, `/user/packages/${type}/${name}/versions/${id}/restore`, { token: TOKEN, method: "POST" });

describe("GitHub's refusals", () => {
  it("the last active version: 400, nothing deleted", async () => {
    const list = versions(2);
    list[1]!.deleted_at = daysAgo(1);
    const s = await open([pkg("npm", "a", list)]);
    const answer = await remove(s, "npm", "a", 1);
    assert.equal(answer.status, 400);
    assert.equal(messageOf(answer), MESSAGES.lastVersion);
    assert.equal(s.state.packages[0]?.versions[0]?.deleted_at, null);
  });

  it("the last tagged version of a container: 400, while untagged ones still go", async () => {
    const s = await open([
      pkg("container", "web", versions(3, { tags: (i) => (i === 0 ? ["latest"] : []) })),
    ]);
    const answer = await remove(s, "container", "web", 1);
    assert.equal(answer.status, 400);
    assert.equal(
      messageOf(answer),
      "You cannot delete the last tagged version of a package. You must delete the package instead.",
    );
    assert.equal((await remove(s, "container", "web", 2)).status, 204);
  });

  it("a public version with more than 5,000 downloads: 400", async () => {
    const list = versions(2);
    list[0]!.download_count = 5001;
    const s = await open([pkg("npm", "a", list)]);
    const answer = await remove(s, "npm", "a", 1);
    assert.equal(answer.status, 400);
    assert.match(messageOf(answer), /more than 5000 downloads/);
  });

  it("a version already deleted: 404", async () => {
    const list = versions(3);
    list[0]!.deleted_at = daysAgo(1);
    const s = await open([pkg("npm", "a", list)]);
    assert.equal((await remove(s, "npm", "a", 1)).status, 404);
    assert.equal((await remove(s, "npm", "a", 99)).status, 404);
  });

  it("a restore after 30 days: 404, the version stays deleted", async () => {
    const list = versions(3);
    list[0]!.deleted_at = daysAgo(31);
    const s = await open([pkg("npm", "a", list)]);
    const answer = await restore(s, "npm", "a", 1);
    assert.equal(answer.status, 404);
    assert.equal(messageOf(answer), MESSAGES.versionNotFound);
    assert.notEqual(s.state.packages[0]?.versions[0]?.deleted_at, null);
  });

  it("a restore when a version of the same name is active again: 409", async () => {
    const list = versions(3);
    list[0]!.deleted_at = daysAgo(2);
    list[1]!.name = list[0]!.name;
    const s = await open([pkg("npm", "a", list)]);
    const answer = await restore(s, "npm", "a", 1);
    assert.equal(answer.status, 409);
    assert.equal(messageOf(answer), MESSAGES.nameActive);
  });

  it("a restore of an active version: 404", async () => {
    const s = await open([pkg("npm", "a", versions(2))]);
    assert.equal((await restore(s, "npm", "a", 1)).status, 404);
  });

  it("a method the route does not have: 404, nothing changes", async () => {
    const s = await open([pkg("npm", "a", versions(2))]);
    assert.equal(
      (await call(s, "/user/packages/npm/a/versions/1", { token: TOKEN, method: "POST" })).status,
      404,
    );
    assert.equal(
      (await call(s, "/user/packages/npm/a/versions/1/restore", { token: TOKEN, method: "DELETE" })).status,
      404,
    );
    assert.deepEqual(s.mutationLog(), []);
  });
});
