import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { startSandbox, type Sandbox } from "../../src/sandbox/server.js";
import { MESSAGES } from "../../src/sandbox/rules.js";
import {
  INSTALLATION_TOKEN,
  installationToken,
  organisation,
  pkg,
  state,
  TOKEN,
  versions,
} from "../helpers/sandbox.js";
import { call, messageOf } from "./http.js";

// Token kinds: a classic PAT with (or without) scopes, and an installation token (GITHUB_TOKEN, ghs_…).
const READ_ONLY = "ghp_readonly0123456789";
const NO_SCOPES = "ghp_noscopes0123456789";
let s: Sandbox;

before(async () => {
  s = await startSandbox({
    state: state(
      [
        pkg("container", "web", versions(4), "acme"),
        pkg("npm", "lib", versions(3, { firstId: 10 }), "acme"),
        { ...pkg("npm", "secret", versions(2, { firstId: 20 }), "acme"), visibility: "private" },
      ],
      {
        accounts: organisation("acme", ["octocat"]),
        tokens: {
          [TOKEN]: "octocat",
          [READ_ONLY]: { login: "octocat", scopes: ["read:packages"] },
          [NO_SCOPES]: { login: "octocat", scopes: [] },
          ...installationToken(["acme/container/web"]),
        },
      },
    ),
  });
});
after(() => s.close());

describe("an installation token", () => {
  it("is refused GET /user and /user/packages with GitHub's integration message", async () => {
    for (const path of ["/user", "/user/packages?package_type=npm", "/user/packages/npm/lib/versions"]) {
      const answer = await call(s, path, { token: INSTALLATION_TOKEN });
      assert.equal(answer.status, 403, path);
      assert.equal(messageOf(answer), "Resource not accessible by integration");
    }
  });

  it("reads, deletes and restores the package it was granted", async () => {
    const base = "/orgs/acme/packages/container/web/versions";
    assert.equal(((await call(s, base, { token: INSTALLATION_TOKEN })).body as unknown[]).length, 4);
    assert.equal((await call(s, `${base}/2`, { token: INSTALLATION_TOKEN, method: "DELETE" })).status, 204);
    const deleted = await call(s, `${base}?state=deleted`, { token: INSTALLATION_TOKEN });
    assert.deepEqual(
      (deleted.body as { id: number }[]).map((v) => v.id),
      [2],
    );
    assert.equal(
      (await call(s, `${base}/2/restore`, { token: INSTALLATION_TOKEN, method: "POST" })).status,
      204,
    );
  });

  it("reads but may not change a public package it was not granted, and does not see a private one", async () => {
    assert.equal(
      (await call(s, "/orgs/acme/packages/npm/lib/versions", { token: INSTALLATION_TOKEN })).status,
      200,
    );
    const refused = await call(s, "/orgs/acme/packages/npm/lib/versions/10", {
      token: INSTALLATION_TOKEN,
      method: "DELETE",
    });
    assert.equal(refused.status, 403);
    assert.equal(messageOf(refused), MESSAGES.notAdmin);
    assert.equal(
      (await call(s, "/orgs/acme/packages/npm/secret/versions", { token: INSTALLATION_TOKEN })).status,
      404,
    );
    assert.equal(s.state.packages[1]?.versions[0]?.deleted_at, null);
  });
});

describe("a classic token", () => {
  it("without delete:packages: 403 naming accepted and granted scopes", async () => {
    const answer = await call(s, "/orgs/acme/packages/npm/lib/versions/10", {
      token: READ_ONLY,
      method: "DELETE",
    });
    assert.equal(answer.status, 403);
    assert.equal(answer.headers.get("x-accepted-oauth-scopes"), "delete:packages");
    assert.equal(answer.headers.get("x-oauth-scopes"), "read:packages");
  });

  it("restore needs write:packages", async () => {
    const answer = await call(s, "/orgs/acme/packages/npm/lib/versions/10/restore", {
      token: READ_ONLY,
      method: "POST",
    });
    assert.equal(answer.status, 403);
    assert.equal(answer.headers.get("x-accepted-oauth-scopes"), "write:packages");
  });

  it("without read:packages: 403 on reads, with the headers", async () => {
    const answer = await call(s, "/orgs/acme/packages/npm/lib/versions", { token: NO_SCOPES });
    assert.equal(answer.status, 403);
    assert.equal(answer.headers.get("x-accepted-oauth-scopes"), "read:packages");
    assert.equal(answer.headers.get("x-oauth-scopes"), "");
  });

  it("no token: 401 Requires authentication; an unknown one: 401 Bad credentials", async () => {
    const none = await call(s, "/orgs/acme/packages/npm/lib/versions");
    assert.equal(none.status, 401);
    assert.equal(messageOf(none), "Requires authentication");
    const wrong = await call(s, "/orgs/acme/packages/npm/lib/versions", { token: "ghp_unknown" });
    assert.equal(wrong.status, 401);
    assert.equal(messageOf(wrong), "Bad credentials");
  });
});
