import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { registryReader } from "../../src/registry/client.js";
import { listening } from "../helpers/tiny-server.js";

/** Registry reads meet transient faults as GitHub API reads do: retried after 1, 4 and 9 times the base. */
const MANIFEST = Buffer.from(JSON.stringify({ mediaType: "application/vnd.oci.image.manifest.v1+json" }));
const DIGEST = `sha256:${createHash("sha256").update(MANIFEST).digest("hex")}`;
const BASE_MS = 40;

/** A registry that answers each request with the next of `script` (then 200), recording when each came. */
async function registry(script: Record<"token" | "manifest", ("lost" | number)[]>) {
  const seen: { kind: "token" | "manifest"; at: number }[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const kind = req.url?.startsWith("/token") ? "token" : "manifest";
    seen.push({ kind, at: performance.now() });
    const next = script[kind].shift();
    if (next === "lost") {
      res.destroy();
      return;
    }
    res.writeHead(next ?? 200, { "content-type": "application/json" });
    res.end(kind === "token" ? JSON.stringify({ token: "pull" }) : next === undefined ? MANIFEST : "{}");
  });
  const url = await listening(server);
  const waits: [string, number][] = [];
  const reader = registryReader({
    registryUrl: url,
    token: "ghp_test",
    retryBaseMs: BASE_MS,
    onWait: (what, waitMs) => waits.push([what, waitMs]),
    cacheDir: mkdtempSync(join(tmpdir(), "ghpkg-retry-")),
  });
  return { reader, seen, waits };
}

const gaps = (times: readonly number[]) => times.slice(1).map((t, i) => t - times[i]!);

describe("registry reads are retried with backoff, as API reads are", () => {
  it("a lost answer and a 502 from /token, then 503 and 500 from the manifest: read all the same", async () => {
    const { reader, seen } = await registry({ token: ["lost", 502], manifest: [503, 500] });
    const manifest = await reader.read("octocat", "web", DIGEST);
    assert.equal(manifest.mediaType, "application/vnd.oci.image.manifest.v1+json");
    const token = seen.filter((s) => s.kind === "token").map((s) => s.at);
    const reads = seen.filter((s) => s.kind === "manifest").map((s) => s.at);
    assert.equal(token.length, 3);
    assert.equal(reads.length, 3);
    // 1 × base, then 4 × base: the retry plugin's (retry count)² schedule.
    for (const times of [token, reads]) {
      const [first = 0, second = 0] = gaps(times);
      assert.ok(first >= BASE_MS - 5, `first wait ${first} ms`);
      assert.ok(second >= 4 * BASE_MS - 5, `second wait ${second} ms`);
    }
  });

  it("tells each wait before it starts, with what it retries and why, as the API client does", async () => {
    const { reader, waits } = await registry({ token: ["lost"], manifest: [502, 503] });
    await reader.read("octocat", "web", DIGEST);
    assert.deepEqual(waits, [
      ["a retry of the registry's pull token for octocat/web, which got no answer", BASE_MS],
      [`a retry of the registry's manifest octocat/web@${DIGEST}, which was answered 502`, BASE_MS],
      [`a retry of the registry's manifest octocat/web@${DIGEST}, which was answered 503`, 4 * BASE_MS],
    ]);
  });

  it("gives up after three retries, with the registry's last answer", async () => {
    const { reader, seen } = await registry({ token: [], manifest: [502, 502, 502, 502, 502] });
    await assert.rejects(
      reader.read("octocat", "web", DIGEST),
      /the registry answered 502 for octocat\/web@sha256:/,
    );
    assert.equal(seen.filter((s) => s.kind === "manifest").length, 4);
  });

  it("an answer that says the request is wrong (404) is not asked again", async () => {
    const { reader, seen } = await registry({ token: [], manifest: [404] });
    await assert.rejects(reader.read("octocat", "web", DIGEST), /the registry answered 404/);
    assert.equal(seen.filter((s) => s.kind === "manifest").length, 1);
  });
});
