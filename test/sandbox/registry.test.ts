import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { startSandbox, type Sandbox } from "../../src/sandbox/server.js";
import type { SandboxVersion } from "../../src/sandbox/state.js";
import { pkg, state, TOKEN } from "../helpers/sandbox.js";
import { call } from "./http.js";
import { parseChallenge, RegistryClient } from "./registry-client.js";

// ghcr.io's read side, through the standard token handshake, by a client that knows only the spec.
const OCI_INDEX = "application/vnd.oci.image.index.v1+json";
const OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
const DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";

function version(id: number, manifest: Record<string, unknown>, tags: string[] = []): SandboxVersion {
  const name = `sha256:${createHash("sha256").update(JSON.stringify(manifest)).digest("hex")}`;
  const created = new Date(Date.now() - id * 60_000).toISOString();
  return {
    id,
    name,
    tags,
    created_at: created,
    updated_at: created,
    deleted_at: null,
    download_count: 0,
    manifest,
  };
}

const image = (label: string) => ({
  schemaVersion: 2,
  mediaType: OCI_MANIFEST,
  config: {
    mediaType: "application/vnd.oci.image.config.v1+json",
    digest: `sha256:${"a".repeat(64)}`,
    size: 1,
  },
  layers: [],
  annotations: { label },
});
const amd = version(3, image("amd64"));
const arm = version(4, image("arm64"));
const index = version(
  1,
  { schemaVersion: 2, mediaType: OCI_INDEX, manifests: [{ digest: amd.name }, { digest: arm.name }] },
  ["latest", "v1"],
);
const old = version(5, image("old"), ["v0"]);
const gone = version(6, image("gone"));
gone.deleted_at = new Date().toISOString();
const privateImage = version(7, image("private"), ["latest"]);

let s: Sandbox;
before(async () => {
  s = await startSandbox({
    state: state([
      pkg("container", "web", [
        index,
        amd,
        arm,
        old,
        gone,
        version(8, image("a")),
        version(9, image("b"), ["a1", "b2", "c3"]),
      ]),
      { ...pkg("container", "secret", [privateImage, version(10, image("s2"))]), visibility: "private" },
    ]),
  });
});
after(() => s.close());

const sha256 = (text: string) => `sha256:${createHash("sha256").update(text).digest("hex")}`;

describe("the challenge", () => {
  it("GET /v2/ without a token: 401 with a Bearer challenge naming realm and service", async () => {
    const answer = await call(s, "/v2/");
    assert.equal(answer.status, 401);
    const challenge = parseChallenge(answer.headers.get("www-authenticate") ?? "");
    assert.equal(challenge.realm, `${s.url}/token`);
    assert.equal(challenge.service, new URL(s.url).host);
    assert.deepEqual(answer.body, {
      errors: [{ code: "UNAUTHORIZED", message: "authentication required", detail: null }],
    });
  });

  it("a repository request without a token: the challenge names the pull scope", async () => {
    const answer = await call(s, `/v2/octocat/web/manifests/${index.name}`);
    assert.equal(answer.status, 401);
    assert.equal(
      parseChallenge(answer.headers.get("www-authenticate") ?? "").scope,
      "repository:octocat/web:pull",
    );
  });

  it("/token issues a token with expires_in, anonymously for public images", async () => {
    const answer = await call(s, "/token?scope=repository:octocat/web:pull&service=x");
    assert.equal(answer.status, 200);
    const body = answer.body as { token: string; expires_in: number };
    assert.ok(body.token.length > 0);
    assert.ok(body.expires_in > 0);
  });

  it("/token refuses wrong Basic credentials", async () => {
    const basic = Buffer.from("user:ghp_wrong").toString("base64");
    const answer = await call(s, "/token?scope=repository:octocat/web:pull", {
      headers: { authorization: `Basic ${basic}` },
    });
    assert.equal(answer.status, 401);
  });
});

describe("a client doing the handshake", () => {
  const client = () => new RegistryClient(s.url, { username: "anyone", password: TOKEN });

  it("reads a manifest by tag and by digest, with the digest of the bytes sent", async () => {
    const c = client();
    const byTag = await c.manifest("octocat/web", "latest", `${OCI_INDEX}, ${OCI_MANIFEST}`);
    assert.equal(byTag.status, 200);
    assert.equal(byTag.headers.get("content-type"), OCI_INDEX);
    assert.equal(byTag.headers.get("docker-content-digest"), index.name);
    assert.equal(sha256(byTag.text), index.name);
    const byDigest = await c.manifest("octocat/web", amd.name, OCI_MANIFEST);
    assert.equal(byDigest.status, 200);
    assert.equal(sha256(byDigest.text), amd.name);
    assert.equal(c.tokenRequests, 1, "one handshake, then the token is reused");
  });

  it("HEAD answers the digest and length without a body", async () => {
    const head = await client().request(`/v2/octocat/web/manifests/v0`, {
      method: "HEAD",
      accept: OCI_MANIFEST,
    });
    assert.equal(head.status, 200);
    assert.equal(head.headers.get("docker-content-digest"), old.name);
    assert.equal(head.headers.get("content-length"), String(Buffer.byteLength(JSON.stringify(old.manifest))));
    assert.equal(head.text, "");
  });

  it("content negotiation: an index for a client that accepts only image manifests is MANIFEST_UNKNOWN", async () => {
    const answer = await client().manifest("octocat/web", "latest", DOCKER_MANIFEST);
    assert.equal(answer.status, 404);
    assert.equal(
      (JSON.parse(answer.text) as { errors: { code: string }[] }).errors[0]?.code,
      "MANIFEST_UNKNOWN",
    );
    assert.match(answer.text, /OCI index found, but accept header does not support OCI indexes/);
  });

  it("a deleted version's manifest and an unknown tag are MANIFEST_UNKNOWN", async () => {
    assert.equal((await client().manifest("octocat/web", gone.name, OCI_MANIFEST)).status, 404);
    assert.equal((await client().manifest("octocat/web", "nope", OCI_MANIFEST)).status, 404);
  });

  it("with serveDeletedManifests, a deleted version's manifest is still served by digest (not by tag)", async () => {
    const late = await startSandbox({
      state: state([pkg("container", "web", [index, { ...gone }])]),
      serveDeletedManifests: true,
    });
    try {
      const c = new RegistryClient(late.url);
      const answer = await c.manifest("octocat/web", gone.name, OCI_MANIFEST);
      assert.equal(answer.status, 200);
      assert.equal(sha256(answer.text), gone.name);
    } finally {
      await late.close();
    }
  });

  it("the first --token-faults /token requests and --manifest-faults manifest reads answer 502", async () => {
    const faulty = await startSandbox({
      state: state([pkg("container", "web", [index])]),
      tokenFaults: 1,
      manifestFaults: 1,
    });
    try {
      assert.equal((await call(faulty.url, "/token?scope=repository:octocat/web:pull")).status, 502);
      const c = new RegistryClient(faulty.url);
      assert.equal((await c.manifest("octocat/web", index.name, OCI_INDEX)).status, 502);
      assert.equal((await c.manifest("octocat/web", index.name, OCI_INDEX)).status, 200);
    } finally {
      await faulty.close();
    }
  });

  it("tags/list pages with n and last, following Link", async () => {
    const c = client();
    const tags: string[] = [];
    let path: string | undefined = "/v2/octocat/web/tags/list?n=2";
    while (path) {
      const answer = await c.request(path);
      assert.equal(answer.status, 200);
      const body = JSON.parse(answer.text) as { name: string; tags: string[] };
      assert.equal(body.name, "octocat/web");
      assert.ok(body.tags.length <= 2);
      tags.push(...body.tags);
      path = /<([^>]+)>; rel="next"/.exec(answer.headers.get("link") ?? "")?.[1];
    }
    assert.deepEqual(tags, ["a1", "b2", "c3", "latest", "v0", "v1"]);
  });

  it("PUT and DELETE of a manifest answer 405 UNSUPPORTED and change nothing", async () => {
    const c = client();
    for (const method of ["PUT", "DELETE"]) {
      const answer = await c.request(`/v2/octocat/web/manifests/${amd.name}`, { method });
      assert.equal(answer.status, 405, method);
      assert.equal(
        (JSON.parse(answer.text) as { errors: { code: string }[] }).errors[0]?.code,
        "UNSUPPORTED",
      );
    }
    assert.equal(amd.deleted_at, null);
    assert.equal((await c.manifest("octocat/web", amd.name, OCI_MANIFEST)).status, 200);
  });

  it("a private image: its owner reads it; an anonymous client is denied", async () => {
    assert.equal((await client().manifest("octocat/secret", "latest", OCI_MANIFEST)).status, 200);
    const anonymous = await new RegistryClient(s.url).manifest("octocat/secret", "latest", OCI_MANIFEST);
    assert.equal(anonymous.status, 401);
    assert.match(anonymous.headers.get("www-authenticate") ?? "", /error="insufficient_scope"/);
  });

  it("ghpkg's route shape still works: /token with scope and service, Basic ghpkg:<token>", async () => {
    const basic = Buffer.from(`ghpkg:${TOKEN}`).toString("base64");
    const host = new URL(s.url).host;
    const token = await call(
      s,
      `/token?scope=${encodeURIComponent("repository:octocat/web:pull")}&service=${host}`,
      {
        headers: { authorization: `Basic ${basic}` },
      },
    );
    const bearer = (token.body as { token: string }).token;
    const manifest = await call(s, `/v2/octocat/web/manifests/${arm.name}`, {
      headers: { authorization: `Bearer ${bearer}` },
    });
    assert.equal(manifest.status, 200);
    assert.equal(sha256(manifest.text), arm.name);
  });
});
