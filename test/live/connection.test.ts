import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { resolveConnection } from "../../src/live/connection.js";

describe("resolveConnection", () => {
  it("takes --api-url, else GITHUB_API_URL, else github.com", () => {
    assert.equal(
      resolveConnection("https://ghe.example.com/api/v3/", {}).apiUrl,
      "https://ghe.example.com/api/v3",
    );
    assert.equal(
      resolveConnection(undefined, { GITHUB_API_URL: "https://x.example/api/v3" }).apiUrl,
      "https://x.example/api/v3",
    );
    assert.equal(resolveConnection(undefined, {}).apiUrl, "https://api.github.com");
  });

  it("takes GITHUB_TOKEN, else GH_TOKEN", () => {
    assert.equal(resolveConnection(undefined, { GITHUB_TOKEN: "a", GH_TOKEN: "b" }).token, "a");
    assert.equal(resolveConnection(undefined, { GH_TOKEN: "b" }).token, "b");
    assert.equal(resolveConnection(undefined, {}).token, undefined);
  });

  it("refuses plain http except on loopback", () => {
    for (const url of ["http://127.0.0.1:8080", "http://localhost:1", "http://[::1]:9"])
      assert.equal(resolveConnection(url, {}).apiUrl, url);
    for (const url of ["http://api.github.com", "http://10.0.0.1", "http://127.0.0.1.example.com"])
      assert.throws(() => resolveConnection(url, {}), /refusing plain http/);
    assert.throws(() => resolveConnection("ftp://x", {}), /must be http\(s\)/);
    assert.throws(() => resolveConnection("not a url", {}), /is not a URL/);
  });

  it("refuses credentials in the URL, without printing them", () => {
    for (const url of ["https://user:s3cret@ghe.example.com/api/v3", "http://s3cret@127.0.0.1:1"])
      assert.throws(
        () => resolveConnection(url, {}),
        (e: Error) => /must not hold credentials/.test(e.message) && !e.message.includes("s3cret"),
      );
    assert.throws(
      () => resolveConnection("https://user:s3cret@ho st", {}),
      (e: Error) => /is not a URL/.test(e.message) && !e.message.includes("s3cret"),
    );
  });
});
