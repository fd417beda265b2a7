import { afterEach, describe, it } from "node:test";
import assert from "node:assert/strict";
import type { Sandbox, SandboxOptions } from "../../src/sandbox/server.js";
import { pkg, sandbox, TOKEN, versions } from "../helpers/sandbox.js";
import { call, messageOf } from "./http.js";

// The hooks safety tests use: echoed credentials, a pause after n mutations, pushes, counters.
const opened: Sandbox[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((s) => s.close()));
});

async function open(count = 6, options: Partial<SandboxOptions> = {}): Promise<Sandbox> {
  const s = await sandbox([pkg("container", "web", versions(count))], options);
  opened.push(s);
  return s;
}

const remove = (s: Sandbox, id: number) =>
  call(s, `/user/packages/container/web/versions/${id}`, { token: TOKEN, method: "DELETE" });

async function untilInFlight(s: Sandbox, n: number): Promise<void> {
  while (s.counters().inFlight < n) await new Promise((resolve) => setImmediate(resolve));
}

describe("echoAuthorization", () => {
  it("error answers repeat the Authorization header; successes do not", async () => {
    const s = await open(6, { echoAuthorization: true });
    const error = await call(s, "/user/packages/container/nope/versions", { token: TOKEN });
    assert.equal(error.status, 404);
    assert.ok(messageOf(error).includes(`token ${TOKEN}`));
    assert.ok(
      !(await call(s, "/user/packages/container/web/versions", { token: TOKEN })).text.includes(TOKEN),
    );
    const registry = await call(s, "/v2/", { headers: { authorization: "Bearer stolen-secret" } });
    assert.ok(registry.text.includes("stolen-secret"));
  });
});

describe("pauseMutationsAfter", () => {
  it("holds every mutation after the n-th, unanswered and unapplied, until resumed", async () => {
    const s = await open();
    const paused = s.pauseMutationsAfter(2);
    const answers = [1, 2, 3, 4].map((id) => remove(s, id));
    await paused;
    await untilInFlight(s, 2);
    assert.equal(s.mutationLog().length, 2);
    assert.equal(s.counters().heldMutations, 2);
    assert.equal(s.state.packages[0]!.versions.filter((v) => v.deleted_at !== null).length, 2);
    s.resumeMutations();
    assert.deepEqual(
      (await Promise.all(answers)).map((a) => a.status),
      [204, 204, 204, 204],
    );
    assert.equal(s.mutationLog().length, 4);
  });

  it("steps one mutation at a time: pause after 1 while paused, then resume", async () => {
    const s = await open();
    await s.pauseMutationsAfter(0);
    const answers = [1, 2, 3].map((id) => remove(s, id));
    await untilInFlight(s, 3);
    for (const expected of [1, 2]) {
      const step = s.pauseMutationsAfter(1);
      s.resumeMutations();
      await step;
      assert.equal(s.mutationLog().length, expected);
    }
    s.resumeMutations();
    await Promise.all(answers);
    assert.equal(s.mutationLog().length, 3);
  });

  it("reads go on while mutations are held", async () => {
    const s = await open();
    await s.pauseMutationsAfter(0);
    const held = remove(s, 1);
    assert.equal((await call(s, "/user/packages/container/web/versions", { token: TOKEN })).status, 200);
    s.resumeMutations();
    assert.equal((await held).status, 204);
  });
});

describe("mutationLog", () => {
  it("lists what was carried out, in order, and not what was refused", async () => {
    const s = await open(3);
    await remove(s, 2);
    await remove(s, 2);
    await call(s, "/user/packages/container/web/versions/2/restore", { token: TOKEN, method: "POST" });
    assert.deepEqual(s.mutationLog(), [
      { method: "DELETE", path: "/user/packages/container/web/versions/2", version_id: 2 },
      { method: "POST", path: "/user/packages/container/web/versions/2/restore", version_id: 2 },
    ]);
  });
});

describe("pushVersion", () => {
  it("adds a version while running: listed first, got by id, its manifest served by digest and tag, the tag moved", async () => {
    const s = await open(3);
    s.state.packages[0]!.versions[0]!.tags = ["latest"];
    await call(s, "/user/packages/container/web/versions", { token: TOKEN }); // builds the indexes
    const manifest = {
      schemaVersion: 2,
      mediaType: "application/vnd.oci.image.manifest.v1+json",
      layers: [],
    };
    const { createHash } = await import("node:crypto");
    const name = `sha256:${createHash("sha256").update(JSON.stringify(manifest)).digest("hex")}`;
    s.pushVersion("octocat", "container", "web", { id: 99, name, tags: ["latest"], manifest });
    const listed = await call(s, "/user/packages/container/web/versions", { token: TOKEN });
    assert.equal((listed.body as { id: number }[])[0]?.id, 99);
    assert.equal((await call(s, "/user/packages/container/web/versions/99", { token: TOKEN })).status, 200);
    assert.deepEqual(s.state.packages[0]!.versions[0]!.tags, [], "latest moved to the new version");
    const token = ((await call(s, "/token?scope=repository:octocat/web:pull")).body as { token: string })
      .token;
    for (const reference of [name, "latest"]) {
      const answer = await call(s, `/v2/octocat/web/manifests/${reference}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      assert.equal(answer.headers.get("docker-content-digest"), name, reference);
    }
  });

  it("creates the package when it is new", async () => {
    const s = await open(1);
    s.pushVersion("octocat", "npm", "fresh", { id: 1, name: "0.1.0" });
    assert.equal((await call(s, "/user/packages/npm/fresh/versions", { token: TOKEN })).status, 200);
  });
});

describe("counters", () => {
  it("count requests, per route, mutations and concurrency, also at GET /_sandbox/counters", async () => {
    const s = await open(3);
    await call(s, "/user/packages/container/web/versions", { token: TOKEN });
    await remove(s, 1);
    await call(s, "/user", { token: TOKEN });
    const counters = s.counters();
    assert.equal(counters.requests, 3);
    assert.equal(counters.mutations, 1);
    assert.equal(counters.inFlight, 0);
    assert.equal(counters.peakInFlight, 1);
    assert.deepEqual(counters.byRoute, {
      "DELETE /user/packages/{package_type}/{package_name}/versions/{package_version_id}": 1,
      "GET /user": 1,
      "GET /user/packages/{package_type}/{package_name}/versions": 1,
    });
    const served = await call(s, "/_sandbox/counters");
    assert.deepEqual(served.body, counters, "the counters path does not count itself");
    assert.equal(s.requests.length, 3);
  });
});
