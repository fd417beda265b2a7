import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { redactor } from "../../src/transport/redact.js";

const TOKEN = "ghp_R3dactMe0123456789abcdefABCDEFghijkl";
const redact = redactor([TOKEN, undefined]);

describe("redaction", () => {
  for (const [form, text] of [
    ["raw", `echo ${TOKEN} echo`],
    ["token scheme", `Authorization: token ${TOKEN}`],
    ["Bearer", `bearer ${TOKEN}`],
    ["URL-encoded", `?t=${encodeURIComponent(`${TOKEN}/+`)}`],
    ...["x", "x-access-token", "ghpkg", "octocat!"].map((user) => [
      `Basic base64(${user}:TOKEN)`,
      `Basic ${Buffer.from(`${user}:${TOKEN}`).toString("base64")}`,
    ]),
    ["base64url", Buffer.from(`u:${TOKEN}`).toString("base64url")],
  ] as const)
    it(`takes the token out: ${form}`, () => {
      const out = redact(text);
      assert.ok(!out.includes(TOKEN.slice(4, 20)), out);
      assert.ok(!/[A-Za-z0-9+/]{24,}/.test(out), `no long base64 run is left: ${out}`);
      assert.match(out, /\*\*\*/);
    });

  it("leaves ordinary text alone", () => {
    const text = "Publicly visible package versions with more than 5000 downloads cannot be deleted.";
    assert.equal(redact(text), text);
  });

  it("with no token known, still takes out credential shapes", () => {
    const none = redactor([]);
    assert.equal(none("Authorization: Bearer abc.def-ghi"), "Authorization: Bearer ***");
    assert.equal(none("got ghp_0123456789abcdefghijABCDEFGHIJ0123 back"), "got *** back");
    assert.equal(none("header token 0123456789abcdef0123 was"), "header token *** was");
  });
});
