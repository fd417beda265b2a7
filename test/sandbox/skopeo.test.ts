import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { promisify } from "node:util";
import { startSandbox, type Sandbox } from "../../src/sandbox/server.js";
import type { SandboxVersion } from "../../src/sandbox/state.js";
import { imageVersion } from "../helpers/images.js";
import { pkg, state } from "../helpers/sandbox.js";
import { call } from "./http.js";

// skopeo (containers/image) reads an image's config blob after its manifest and checks the bytes
// against the manifest's `config.digest`: without blobs, `skopeo inspect` failed with "Error
// fetching blob: 404". These tests replay the requests skopeo 1.9.3 sent to the sandbox, header
// for header; the last one runs skopeo itself when it is installed.
const SKOPEO_ACCEPT = [
  "application/vnd.oci.image.manifest.v1+json",
  "application/vnd.docker.distribution.manifest.v2+json",
  "application/vnd.docker.distribution.manifest.v1+prettyjws",
  "application/vnd.docker.distribution.manifest.v1+json",
  "application/vnd.docker.distribution.manifest.list.v2+json",
  "application/vnd.oci.image.index.v1+json",
].join(", ");
const SKOPEO_HEADERS = {
  "user-agent": "skopeo/1.9.3",
  "docker-distribution-api-version": "registry/2.0",
  "accept-encoding": "gzip",
};

const sha256 = (text: string) => `sha256:${createHash("sha256").update(text).digest("hex")}`;

const configOf = (architecture: string) => ({
  architecture,
  os: "linux",
  created: "2026-01-01T00:00:00Z",
  rootfs: { type: "layers", diff_ids: [] },
});
const blobs = [configOf("amd64"), configOf("arm64")];
const [amdConfig, armConfig] = blobs.map((b) => JSON.stringify(b));

/** A version minutes apart from the next, as the registry serves it. */
const version = (id: number, manifest: Record<string, unknown>, tags: string[] = []): SandboxVersion =>
  imageVersion(id, manifest, { tags, ageDays: id / 1440 });
const image = (config: string) => ({
  schemaVersion: 2,
  mediaType: "application/vnd.oci.image.manifest.v1+json",
  config: {
    mediaType: "application/vnd.oci.image.config.v1+json",
    digest: sha256(config),
    size: Buffer.byteLength(config),
  },
  layers: [],
});
const amd = version(2, image(amdConfig ?? ""));
const arm = version(3, image(armConfig ?? ""));
const index = version(
  1,
  {
    schemaVersion: 2,
    mediaType: "application/vnd.oci.image.index.v1+json",
    manifests: [
      {
        mediaType: amd.manifest?.mediaType,
        digest: amd.name,
        size: 1,
        platform: { architecture: "amd64", os: "linux" },
      },
      {
        mediaType: arm.manifest?.mediaType,
        digest: arm.name,
        size: 1,
        platform: { architecture: "arm64", os: "linux" },
      },
    ],
  },
  ["latest"],
);

let s: Sandbox;
before(async () => {
  s = await startSandbox({
    state: state(
      [
        pkg("container", "web", [index, amd, arm]),
        pkg("container", "other", [version(9, image("{}"), ["x"])]),
      ],
      {
        blobs,
      },
    ),
  });
});
after(() => s.close());

/** skopeo's handshake: `/v2/` without a token, then `/token` for the challenge's service and scope. */
async function skopeoToken(repository: string): Promise<string> {
  const ping = await call(s, "/v2/", { headers: SKOPEO_HEADERS });
  assert.equal(ping.status, 401);
  const service = encodeURIComponent(new URL(s.url).host);
  const scope = encodeURIComponent(`repository:${repository}:pull`);
  const token = await call(s, `/token?scope=${scope}&service=${service}`, { headers: SKOPEO_HEADERS });
  assert.equal(token.status, 200);
  return (token.body as { token: string }).token;
}

describe("skopeo inspect, replayed", () => {
  it("a multi-platform image: the index by tag, the linux/amd64 child by digest, then its config blob", async () => {
    const bearer = await skopeoToken("octocat/web");
    const headers = { ...SKOPEO_HEADERS, authorization: `Bearer ${bearer}`, accept: SKOPEO_ACCEPT };
    const byTag = await call(s, "/v2/octocat/web/manifests/latest", { headers });
    assert.equal(byTag.status, 200);
    assert.equal(byTag.headers.get("docker-content-digest"), index.name);
    const child = await call(s, `/v2/octocat/web/manifests/${amd.name}`, { headers });
    assert.equal(child.status, 200);
    const configDigest = (child.body as { config: { digest: string } }).config.digest;
    // skopeo sends no Accept for a blob.
    const blob = await call(s, `/v2/octocat/web/blobs/${configDigest}`, {
      headers: { ...SKOPEO_HEADERS, authorization: `Bearer ${bearer}` },
    });
    assert.equal(blob.status, 200);
    assert.equal(sha256(blob.text), configDigest, "the bytes hash to the digest skopeo checks");
    assert.equal(blob.headers.get("docker-content-digest"), configDigest);
    assert.equal(blob.headers.get("content-length"), String(Buffer.byteLength(blob.text)));
    assert.equal((blob.body as { architecture: string }).architecture, "amd64");
  });

  it("HEAD of a blob answers its digest and length without a body", async () => {
    const bearer = await skopeoToken("octocat/web");
    const digest = sha256(armConfig ?? "");
    const head = await call(s, `/v2/octocat/web/blobs/${digest}`, {
      method: "HEAD",
      headers: { ...SKOPEO_HEADERS, authorization: `Bearer ${bearer}` },
    });
    assert.equal(head.status, 200);
    assert.equal(head.headers.get("content-length"), String(Buffer.byteLength(armConfig ?? "")));
    assert.equal(head.text, "");
  });

  it("a blob is served only through a repository whose manifests point at it: else 404 BLOB_UNKNOWN", async () => {
    const bearer = await skopeoToken("octocat/other");
    const elsewhere = await call(s, `/v2/octocat/other/blobs/${sha256(amdConfig ?? "")}`, {
      headers: { ...SKOPEO_HEADERS, authorization: `Bearer ${bearer}` },
    });
    assert.equal(elsewhere.status, 404);
    assert.equal((elsewhere.body as { errors: { code: string }[] }).errors[0]?.code, "BLOB_UNKNOWN");
    const unknown = await call(s, `/v2/octocat/other/blobs/sha256:${"0".repeat(64)}`, {
      headers: { ...SKOPEO_HEADERS, authorization: `Bearer ${bearer}` },
    });
    assert.equal(unknown.status, 404);
  });

  it("a blob without a pull token: the 401 challenge, as for manifests", async () => {
    const answer = await call(s, `/v2/octocat/web/blobs/${sha256(amdConfig ?? "")}`);
    assert.equal(answer.status, 401);
    assert.match(answer.headers.get("www-authenticate") ?? "", /scope="repository:octocat\/web:pull"/);
  });
});

describe("skopeo itself", () => {
  it("inspects the multi-platform image and lists its tags (skipped when skopeo is not installed)", async (t) => {
    const run = promisify(execFile);
    try {
      await run("skopeo", ["--version"]);
    } catch {
      t.skip("skopeo is not installed");
      return;
    }
    const target = `docker://${new URL(s.url).host}/octocat/web`;
    const base = ["--tls-verify=false", "--override-arch", "arm64", "--override-os", "linux"];
    const inspected = await run("skopeo", ["inspect", ...base, `${target}:latest`]);
    const info = JSON.parse(inspected.stdout) as { Architecture: string; Digest: string };
    assert.equal(info.Architecture, "arm64");
    assert.equal(info.Digest, index.name, "skopeo reports the digest of what the tag names");
    const tags = await run("skopeo", ["list-tags", "--tls-verify=false", target]);
    assert.deepEqual((JSON.parse(tags.stdout) as { Tags: string[] }).Tags, ["latest"]);
  });
});
