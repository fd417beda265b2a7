import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { describeTokenKind, explainTokenRefusal, tokenKind } from "../../src/live/token-kind.js";

describe("token kinds, told by prefix", () => {
  const cases: readonly [string | undefined, ReturnType<typeof tokenKind>][] = [
    ["ghp_0123456789abcdefABCDEF0123456789abcd", "classic"],
    ["gho_0123456789abcdefABCDEF0123456789abcd", "oauth"],
    ["ghu_0123456789abcdefABCDEF0123456789abcd", "user-to-server"],
    ["ghs_0123456789abcdefABCDEF0123456789abcd", "installation"],
    ["github_pat_11AAAAAAA0123456789_abcdef", "fine-grained"],
    ["0123456789abcdef0123456789abcdef01234567", undefined], // the old 40-hex classic format
    ["sandbox", undefined],
    ["", undefined],
    [undefined, undefined],
  ];
  for (const [token, kind] of cases)
    it(`${token === undefined ? "no token" : JSON.stringify(token.slice(0, 11))} → ${kind ?? "unknown"}`, () =>
      assert.equal(tokenKind(token), kind));

  it("describes the kind without ever repeating the token", () => {
    const token = "ghs_SecretSecretSecret0123456789";
    const description = describeTokenKind(token) ?? "";
    assert.match(description, /installation token .*GITHUB_TOKEN/);
    assert.ok(!description.includes("Secret"));
    assert.equal(describeTokenKind("not-a-known-kind"), undefined);
  });
});

describe("explaining a refusal by the token's kind", () => {
  it("fine-grained and GitHub App user tokens: GitHub Packages does not accept them, whatever the status", () => {
    for (const status of [401, 403, 404]) {
      assert.match(
        explainTokenRefusal("fine-grained", status) ?? "",
        /does not accept fine-grained.*classic/,
      );
      assert.match(explainTokenRefusal("user-to-server", status) ?? "", /does not accept GitHub App user/);
    }
  });

  it("installation tokens: 403/404 name the workflow permission and the package's Actions access", () => {
    for (const status of [403, 404]) {
      const text = explainTokenRefusal("installation", status) ?? "";
      assert.match(text, /permissions: packages: write/);
      assert.match(text, /Manage Actions access/);
    }
    assert.match(explainTokenRefusal("installation", 401) ?? "", /expire after an hour/);
  });

  it("classic tokens: 401 wrong or revoked, 403 the scopes, 404 cannot see the package", () => {
    assert.match(explainTokenRefusal("classic", 401) ?? "", /wrong, expired or revoked/);
    assert.match(explainTokenRefusal("classic", 403) ?? "", /read:packages.*delete:packages/);
    assert.match(explainTokenRefusal("classic", 404) ?? "", /cannot see it/);
  });

  it("OAuth app tokens: the scopes the app must ask for", () => {
    assert.match(explainTokenRefusal("oauth", 403) ?? "", /OAuth app must ask for read:packages/);
  });

  it("an unknown kind gets advice only for 401, and no status but 401/403/404 gets any", () => {
    assert.match(explainTokenRefusal(undefined, 401) ?? "", /missing or not one GitHub knows/);
    assert.equal(explainTokenRefusal(undefined, 403), undefined);
    for (const kind of ["classic", "installation", "fine-grained"] as const)
      for (const status of [200, 422, 500]) assert.equal(explainTokenRefusal(kind, status), undefined);
  });
});
