import { afterEach, describe, it } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { startSandbox, type Sandbox } from "../../src/sandbox/server.js";
import type { StorageReport } from "../../src/sandbox/storage.js";
import type { SandboxVersion } from "../../src/sandbox/state.js";
import { imageVersion } from "../helpers/images.js";
import { pkg, state, TOKEN } from "../helpers/sandbox.js";
import { call } from "./http.js";

const digestOf = (text: string) => `sha256:${createHash("sha256").update(text).digest("hex")}`;
const layer = (name: string) => `sha256:${name.padEnd(64, "0")}`;
const CONFIG = { architecture: "amd64", os: "linux" };
const CONFIG_TEXT = JSON.stringify(CONFIG);

function image(id: number, layers: Record<string, number>, tags: string[] = []): SandboxVersion {
  const manifest = {
    schemaVersion: 2,
    mediaType: "application/vnd.oci.image.manifest.v1+json",
    // The config's descriptor understates its size: the sandbox measures the bytes it holds.
    config: { mediaType: "application/vnd.oci.image.config.v1+json", digest: digestOf(CONFIG_TEXT), size: 1 },
    layers: Object.entries(layers).map(([name, size]) => ({ digest: layer(name), size })),
  };
  return imageVersion(id, manifest, { tags, ageDays: id / 1440 });
}
const manifestBytes = (v: SandboxVersion) => Buffer.byteLength(JSON.stringify(v.manifest));

let sandbox: Sandbox | undefined;
afterEach(() => sandbox?.close());

describe("GET /_sandbox/storage: what the registry holds, and what deletes freed", () => {
  it("frees a blob once no active manifest refers to it, and a manifest with its version", async () => {
    const a = image(1, { base: 1000, a: 10 }, ["a"]);
    const b = image(2, { base: 1000, b: 20 }, ["b"]);
    const c = image(3, { b: 20, c: 30 }, ["c"]);
    sandbox = await startSandbox({
      state: { ...state([pkg("container", "app", [a, b, c])]), blobs: [CONFIG] },
    });
    const storage = async () => (await call(sandbox!, "/_sandbox/storage")).body as StorageReport;
    const config = Buffer.byteLength(CONFIG_TEXT);
    const stored = manifestBytes(a) + manifestBytes(b) + manifestBytes(c) + config + 1000 + 10 + 20 + 30;
    assert.deepEqual(await storage(), {
      packages: [{ owner: "octocat", type: "container", name: "app", stored, freed: 0 }],
      stored,
      freed: 0,
    });

    // b goes: its manifest is freed; base stays (a), layer b stays (c), the config stays (a and c).
    const deleted = await call(sandbox, "/user/packages/container/app/versions/2", {
      method: "DELETE",
      token: TOKEN,
    });
    assert.equal(deleted.status, 204);
    assert.equal((await storage()).freed, manifestBytes(b));

    // a goes too: its manifest, base (nothing else refers to it now) and layer a.
    await call(sandbox, "/user/packages/container/app/versions/1", { method: "DELETE", token: TOKEN });
    const after = await storage();
    assert.equal(after.freed, manifestBytes(b) + manifestBytes(a) + 1000 + 10);
    assert.equal(after.stored, stored - after.freed);

    // Restored, a's blobs are held again.
    await call(sandbox, "/user/packages/container/app/versions/1/restore", { method: "POST", token: TOKEN });
    assert.equal((await storage()).freed, manifestBytes(b));
  });

  it("is not a GitHub route: not counted, and other packages' storage is their own", async () => {
    const shared = image(1, { base: 500 }, ["x"]);
    sandbox = await startSandbox({
      state: state([
        pkg("container", "one", [shared]),
        pkg("container", "two", [image(1, { base: 500 }, ["y"])]),
      ]),
    });
    const report = (await call(sandbox, "/_sandbox/storage")).body as StorageReport;
    assert.deepEqual(
      report.packages.map((p) => [p.name, p.stored - manifestBytes(shared)]),
      [
        ["one", 501],
        ["two", 501],
      ],
      "each package measured on its own (the config's size is its descriptor's when the sandbox holds no bytes)",
    );
    assert.equal(sandbox.counters().requests, 0);
  });
});
