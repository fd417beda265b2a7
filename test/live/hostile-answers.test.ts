import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { createServer, type IncomingMessage } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClient } from "../../src/live/client.js";
import { githubSource } from "../../src/live/github.js";
import { GitHubError } from "../../src/live/github-error.js";
import { allPages, MAX_PAGES } from "../../src/live/paging.js";
import type { PackageRef } from "../../src/model/package.js";
import { UserError } from "../../src/model/errors.js";
import { registryReader } from "../../src/registry/client.js";
import { source, TOKEN } from "../helpers/sandbox.js";
import { listening } from "../helpers/tiny-server.js";

/**
 * GitHub and the registry answering what they never document: each answer is an error of that
 * request (a GitHubError or UserError, one line, naming what was asked), never a TypeError, a hang,
 * or a listing quietly cut short.
 */

interface Answer {
  readonly status?: number;
  readonly headers?: Record<string, string>;
  /** Sent as is when a string or Buffer, else as JSON. */
  readonly body?: unknown;
}
interface Seen {
  readonly method: string;
  readonly path: string;
  readonly page: number;
  readonly authorization: string | undefined;
}

/** A tiny server that answers each request as the test says, and remembers what it was asked. */
async function serve(answer: (seen: Seen) => Answer) {
  const seen: Seen[] = [];
  const server = createServer((req: IncomingMessage, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    const s: Seen = {
      method: req.method ?? "GET",
      path: url.pathname,
      page: Number(url.searchParams.get("page") ?? 1),
      authorization: req.headers.authorization,
    };
    seen.push(s);
    const a = answer(s);
    const body =
      typeof a.body === "string" || Buffer.isBuffer(a.body) ? a.body : JSON.stringify(a.body ?? null);
    res.writeHead(a.status ?? 200, { "content-type": "application/json; charset=utf-8", ...a.headers });
    res.end(body);
  });
  const url = await listening(server);
  return { url, seen };
}

const ref: PackageRef = { owner: "octocat", type: "npm", name: "lib" };
const containerRef: PackageRef = { owner: "octocat", type: "container", name: "web" };
const created = "2026-11-01T00:00:00Z";
const version = (id: number, extra: Record<string, unknown> = {}) => ({
  id,
  name: `1.0.${id}`,
  created_at: created,
  updated_at: created,
  ...extra,
});

/** A GitHub whose owner is a user, and whose version listings answer as `page` says. */
async function github(
  page: (seen: Seen) => Answer,
  owner: () => Answer = () => ({ body: { type: "User" } }),
) {
  return serve((s) =>
    s.path === "/users/octocat" ? owner() : s.path === "/user" ? { body: { login: "octocat" } } : page(s),
  );
}

const link = (url: string, rels: Record<string, number | string>) => ({
  link: Object.entries(rels)
    .map(
      ([rel, page]) =>
        `<${url}/users/octocat/packages/npm/lib/versions?per_page=100&page=${page}>; rel="${rel}"`,
    )
    .join(", "),
});

/** The listing is refused with a GitHubError whose one-line message says what was asked and what was wrong. */
async function refused(listing: Promise<unknown>, wrong: RegExp, what = /package npm\/lib of octocat/) {
  await assert.rejects(listing, (error: Error) => {
    assert.ok(error instanceof GitHubError, `${error.name}: ${error.message}`);
    assert.match(error.message, what);
    assert.match(error.message, wrong);
    assert.doesNotMatch(error.message, /\n|TypeError|cannot reach|Unexpected token/);
    assert.ok(!error.message.includes(TOKEN));
    return true;
  });
}

describe("version listings GitHub would never send", () => {
  for (const [name, body, wrong] of [
    ["an object instead of an array", { message: "hello" }, /not a JSON array/],
    ["null", null, /not a JSON array/],
    ["an item that is not an object", [version(1), 7], /item 2 of page 1 is not an object/],
    [
      "an item with no id",
      [{ ...version(1), id: undefined }],
      /item 1 of page 1 has no positive integer `id`/,
    ],
    ["an id that is not an integer", [version(1.5)], /item 1 of page 1 has no positive integer `id`/],
    [
      "an id that is a string",
      [version(1), { ...version(2), id: "2" }],
      /item 2 of page 1 has no positive integer `id`/,
    ],
    ["an item with no name", [{ ...version(1), name: undefined }], /version 1 has no string `name`/],
    ["a name that is a number", [{ ...version(1), name: 5 }], /version 1 has no string `name`/],
    [
      "an unparseable created_at",
      [version(1, { created_at: "yesterday" })],
      /version 1 has no ISO 8601 `created_at`/,
    ],
    [
      "a missing created_at",
      [version(1, { created_at: undefined })],
      /version 1 has no ISO 8601 `created_at`/,
    ],
    [
      "an unparseable deleted_at",
      [version(1, { deleted_at: "soon" })],
      /version 1 has a `deleted_at` that is not ISO 8601/,
    ],
  ] as const)
    it(`${name}: refused`, async () => {
      const s = await github(() => ({ body }));
      await refused(source(s.url).listVersions(ref, "active"), wrong);
    });

  for (const [name, metadata] of [
    ["tags that are a string", { container: { tags: "latest" } }],
    ["tags that hold a number", { container: { tags: ["latest", 7] } }],
    ["metadata that is a string", "tagged"],
  ] as const)
    it(`${name}: refused (a tag read wrongly would make a tagged version untagged)`, async () => {
      const s = await serve((seen) =>
        seen.path === "/users/octocat" ? { body: { type: "User" } } : { body: [version(1, { metadata })] },
      );
      await refused(
        source(s.url).listVersions(containerRef, "active"),
        /version 1 has tags that are not an array of strings/,
        /package container\/web of octocat/,
      );
    });

  it("a body that is HTML (a proxy's login page) is refused as not JSON, naming its content type", async () => {
    const s = await github(() => ({
      headers: { "content-type": "text/html" },
      body: "<html>sign in</html>",
    }));
    await refused(source(s.url).listVersions(ref, "active"), /is not JSON \(text\/html\)/);
  });

  it("a content type echoing the token is not named: the token stays out of the message", async () => {
    const classic = "0123456789abcdef0123456789abcdef01234567"; // a classic token: 40 hex digits, no prefix
    for (const type of [`text/x-${classic}`, `${classic}/html`, `text/html; token=${classic}`]) {
      const s = await github(() => ({ headers: { "content-type": type }, body: "<html></html>" }));
      const client = createClient({
        apiUrl: s.url,
        token: classic,
        userAgent: "t",
        retryBaseMs: 5,
        onWait: () => undefined,
      });
      await assert.rejects(githubSource(client, s.url).listVersions(ref, "active"), (error: Error) => {
        assert.ok(!error.message.includes(classic.slice(0, 12)), error.message);
        assert.match(error.message, /the body is not JSON/);
        return true;
      });
    }
  });

  it("an empty 200 body is refused", async () => {
    const s = await github(() => ({ body: "" }));
    await refused(source(s.url).listVersions(ref, "active"), /not a JSON array/);
  });

  it("the same id twice with different contents is refused; the same id twice alike is one version", async () => {
    const differ = await github((s) =>
      s.page === 1
        ? {
            body: [version(1, { metadata: { container: { tags: ["latest"] } } })],
            headers: link(differ.url, { next: 2 }),
          }
        : { body: [version(1, { metadata: { container: { tags: [] } } })] },
    );
    await refused(source(differ.url).listVersions(ref, "active"), /version 1 is listed twice, differently/);
    const alike = await github((s) =>
      s.page === 1
        ? { body: [version(1), version(2)], headers: link(alike.url, { next: 2 }) }
        : { body: [version(2)] },
    );
    const listed = await source(alike.url).listVersions(ref, "active");
    assert.deepEqual(
      listed.map((v) => v.id),
      [1, 2],
    );
  });

  it("the owner's answer must say what the owner is", async () => {
    for (const body of [null, "<html></html>", { login: "octocat" }, { type: 5 }]) {
      const s = await github(
        () => ({ body: [] }),
        () => ({ body, ...(typeof body === "string" ? { headers: { "content-type": "text/html" } } : {}) }),
      );
      await refused(
        source(s.url).listVersions(ref, "active"),
        /not JSON|no string `type`/,
        /the owner octocat/,
      );
    }
  });

  it("a package listing whose items have no name is refused", async () => {
    const s = await serve((seen) =>
      seen.path === "/users/octocat" ? { body: { type: "User" } } : { body: [{ name: "a" }, { id: 3 }] },
    );
    await refused(
      source(s.url).listPackages("octocat", "npm"),
      /item 2 of page 1 has no string `name`/,
      /the npm packages of octocat/,
    );
  });

  it("a package listing naming `..`, `a//b` or a control character is refused (names become request paths)", async () => {
    for (const name of ["..", "a//b", ".", "x/../y", "bad\u0007bell", "c1\u0085"]) {
      const s = await serve((seen) =>
        seen.path === "/users/octocat" ? { body: { type: "User" } } : { body: [{ name: "ok" }, { name }] },
      );
      await refused(
        source(s.url).listPackages("octocat", "npm"),
        /item 2 of page 1 is not a package name/,
        /the npm packages of octocat/,
      );
    }
  });

  it("the authenticated user's answer without a login is refused, not taken for an installation token", async () => {
    const s = await serve(() => ({ body: { id: 1 } }));
    await refused(source(s.url).viewer(), /no string `login`/, /the authenticated user/);
  });
});

describe("one version GitHub would never send", () => {
  it("an answer about another version than the one asked is refused, not taken as its state", async () => {
    const s = await github(() => ({ body: version(8) }));
    await refused(
      source(s.url).getActiveVersion(ref, 7),
      /the answer is about version 8/,
      /version 7 of package npm\/lib of octocat/,
    );
  });
});

describe("Link headers GitHub would never send", () => {
  it(`rel="last" at page 1,000,000,000 is refused after the first request, nothing allocated for it`, async () => {
    const s = await github(() => ({
      body: [version(1)],
      headers: link(s.url, { next: 2, last: 1_000_000_000 }),
    }));
    await refused(
      source(s.url).listVersions(ref, "active"),
      new RegExp(`announces 1000000000 pages, more than the ${MAX_PAGES}`),
    );
    assert.equal(s.seen.filter((r) => r.path.includes("/packages")).length, 1);
  });

  it(`rel="last" at the bound is still read (a listing of ${MAX_PAGES * 100} versions is GitHub's to send)`, async () => {
    // allPages itself, without HTTP: the bound is on what it believes, not on how it fetches.
    let fetched = 0;
    const items = await allPages((page) => {
      fetched++;
      return Promise.resolve({ items: [page], links: page === 1 ? { next: 2, last: MAX_PAGES } : {} });
    });
    assert.equal(fetched, MAX_PAGES);
    assert.equal(items.length, MAX_PAGES);
  });

  it(`rel="next" pointing at the same page is refused, not followed forever`, async () => {
    const s = await github((seen) => ({
      body: [version(seen.page)],
      headers: link(s.url, { next: seen.page }),
    }));
    await refused(
      source(s.url).listVersions(ref, "active"),
      /page 1's Link header names page 1 as the next, not page 2/,
    );
    assert.equal(s.seen.filter((r) => r.path.includes("/packages")).length, 1);
  });

  it(`rel="next" pointing at an earlier page is refused`, async () => {
    const s = await github((seen) => ({
      body: [version(seen.page)],
      headers: link(s.url, { next: seen.page === 1 ? 2 : 1 }),
    }));
    await refused(
      source(s.url).listVersions(ref, "active"),
      /page 2's Link header names page 1 as the next, not page 3/,
    );
    assert.equal(s.seen.filter((r) => r.path.includes("/packages")).length, 2);
  });

  it(`rel="next" skipping pages is refused: the pages skipped would be versions never seen`, async () => {
    const s = await github((seen) => ({ body: [version(seen.page)], headers: link(s.url, { next: 5 }) }));
    await refused(
      source(s.url).listVersions(ref, "active"),
      /page 1's Link header names page 5 as the next, not page 2/,
    );
  });

  it("pages that keep coming forever stop at the bound, with an error rather than a listing cut short", async () => {
    let fetched = 0;
    await assert.rejects(
      allPages((page) => {
        fetched++;
        return Promise.resolve({ items: [page], links: { next: page + 1 } });
      }),
      new RegExp(`more than the ${MAX_PAGES} pages ghpkg reads`),
    );
    assert.equal(fetched, MAX_PAGES);
  });

  it(`a rel="next" with no page number is refused: ignoring it would cut the listing short`, async () => {
    for (const next of ["abc", "0", "-1", "2.5", ""]) {
      const s = await github(() => ({ body: [version(1)], headers: link(s.url, { next }) }));
      await refused(source(s.url).listVersions(ref, "active"), /rel="next" names no page number/);
    }
    const s = await github(() => ({ body: [version(1)], headers: { link: '<not a url>; rel="next"' } }));
    await refused(source(s.url).listVersions(ref, "active"), /rel="next" names no page number/);
  });

  it("a next and last on another host: only the page number is taken, nothing is sent to that host", async () => {
    const elsewhere = await serve(() => ({ body: [] }));
    const s = await github((seen) => ({
      body: [version(seen.page)],
      headers: seen.page === 1 ? link(elsewhere.url, { next: 2, last: 3 }) : {},
    }));
    const listed = await source(s.url).listVersions(ref, "active");
    assert.deepEqual(
      listed.map((v) => v.id),
      [1, 2, 3],
    );
    assert.deepEqual(elsewhere.seen, []);
    assert.deepEqual(
      s.seen.filter((r) => r.path.includes("/packages")).map((r) => r.page),
      [1, 2, 3],
    );
  });
});

describe("redirects", () => {
  it("GitHub's answer redirecting to another origin: the token is not sent there", async () => {
    const elsewhere = await serve(() => ({ body: [version(9)] }));
    const s = await github(() => ({
      status: 302,
      headers: { location: `${elsewhere.url}/users/octocat/packages/npm/lib/versions?page=1` },
      body: "",
    }));
    await source(s.url)
      .listVersions(ref, "active")
      .catch(() => undefined);
    assert.equal(s.seen.find((r) => r.path.includes("/packages"))?.authorization, `token ${TOKEN}`);
    assert.ok(elsewhere.seen.length > 0, "the redirect was followed");
    for (const r of elsewhere.seen) assert.equal(r.authorization, undefined);
  });

  it("the registry's answers redirecting to another origin: neither the token nor the pull token is sent there", async () => {
    const manifest = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: IMAGE, layers: [] }));
    const digest = `sha256:${sha256(manifest)}`;
    const elsewhere = await serve((seen) =>
      seen.path === "/token" ? { body: { token: "pull" } } : { body: manifest },
    );
    for (const redirect of ["/token", "/v2/"]) {
      const s = await serve((seen) =>
        seen.path.startsWith(redirect)
          ? { status: 307, headers: { location: `${elsewhere.url}${seen.path}` }, body: "" }
          : seen.path === "/token"
            ? { body: { token: "pull" } }
            : { body: manifest },
      );
      await reader(s.url)
        .read("octocat", "web", digest)
        .catch(() => undefined);
      assert.ok(s.seen.some((r) => r.authorization !== undefined));
    }
    assert.ok(elsewhere.seen.length >= 2, "both redirects were followed");
    for (const r of elsewhere.seen) assert.equal(r.authorization, undefined);
  });
});

const IMAGE = "application/vnd.oci.image.manifest.v1+json";
const INDEX = "application/vnd.oci.image.index.v1+json";
const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");
const reader = (url: string) =>
  registryReader({
    registryUrl: url,
    token: TOKEN,
    retryBaseMs: 5,
    cacheDir: mkdtempSync(join(tmpdir(), "ghpkg-hostile-")),
  });

/** A registry serving these bytes as the manifest for their own digest. */
async function registry(bytes: Buffer) {
  const s = await serve((seen) => (seen.path === "/token" ? { body: { token: "pull" } } : { body: bytes }));
  return { ...s, digest: `sha256:${sha256(bytes)}` };
}

describe("manifests the registry would never serve", () => {
  const child = `sha256:${"a".repeat(64)}`;
  for (const [name, manifest, wrong] of [
    ["not JSON", "{ not json", /is not JSON/],
    ["a JSON array", "[]", /is not a JSON object/],
    ["null", "null", /is not a JSON object/],
    [
      "an unknown media type",
      JSON.stringify({ mediaType: "application/x-surprise", manifests: [] }),
      /unknown media type/,
    ],
    [
      "an index whose `manifests` is not an array",
      JSON.stringify({ mediaType: INDEX, manifests: { child } }),
      /`manifests` is not an array/,
    ],
    ["an index with no `manifests`", JSON.stringify({ mediaType: INDEX }), /`manifests` is not an array/],
    [
      "an image that lists children",
      JSON.stringify({ mediaType: IMAGE, manifests: [{ digest: child }] }),
      /an image manifest that lists `manifests`/,
    ],
    [
      "an entry with no digest",
      JSON.stringify({ mediaType: INDEX, manifests: [{ digest: child }, { size: 3 }] }),
      /entry 2 of `manifests` has no sha256 digest/,
    ],
    [
      "an entry that is not an object",
      JSON.stringify({ mediaType: INDEX, manifests: [null] }),
      /entry 1 of `manifests` has no sha256 digest/,
    ],
    [
      "a subject with no digest",
      JSON.stringify({ mediaType: IMAGE, subject: { size: 1 } }),
      /has a `subject` with no sha256 digest/,
    ],
  ] as const)
    it(`${name}: refused as unreadable`, async () => {
      const r = await registry(Buffer.from(manifest));
      await assert.rejects(reader(r.url).read("octocat", "web", r.digest), (error: Error) => {
        assert.ok(error instanceof UserError, `${error.name}: ${error.message}`);
        assert.match(error.message, new RegExp(`the registry's manifest for octocat/web@${r.digest}`));
        assert.match(error.message, wrong);
        assert.doesNotMatch(error.message, /\n/);
        return true;
      });
    });

  it("an OCI 1.1 release candidate's artifact manifest (cosign, oras) is read, with its subject", async () => {
    const subject = `sha256:${"c".repeat(64)}`;
    const r = await registry(
      Buffer.from(
        JSON.stringify({
          mediaType: "application/vnd.oci.artifact.manifest.v1+json",
          artifactType: "application/vnd.dev.cosign.artifact.sig.v1+json",
          blobs: [],
          subject: { mediaType: IMAGE, digest: subject, size: 1 },
        }),
      ),
    );
    const manifest = await reader(r.url).read("octocat", "web", r.digest);
    assert.equal(manifest.subject?.digest, subject);
  });

  it("bytes that do not hash to the digest asked for are refused", async () => {
    const r = await registry(Buffer.from(JSON.stringify({ mediaType: IMAGE })));
    await assert.rejects(
      reader(r.url).read("octocat", "web", `sha256:${"b".repeat(64)}`),
      /does not match its digest/,
    );
  });

  it("a manifest over 4 MiB is refused without being read whole", async () => {
    const huge = Buffer.from(
      JSON.stringify({
        mediaType: INDEX,
        manifests: Array.from({ length: 60_000 }, () => ({ mediaType: IMAGE, digest: child, size: 1 })),
      }),
    );
    assert.ok(huge.length > 4 * 1024 * 1024);
    const r = await registry(huge);
    await assert.rejects(reader(r.url).read("octocat", "web", r.digest), /is larger than 4 MiB/);
  });

  it("a manifest with no media type (OCI makes it optional) is read by its shape", async () => {
    const r = await registry(
      Buffer.from(JSON.stringify({ schemaVersion: 2, manifests: [{ digest: child }] })),
    );
    const manifest = await reader(r.url).read("octocat", "web", r.digest);
    assert.deepEqual(manifest.manifests, [{ digest: child }]);
  });

  it("a pull token answer that is not JSON, or has no token, is a clear error", async () => {
    for (const body of ["<html></html>", { access_token: 5 }]) {
      const s = await serve((seen) => (seen.path === "/token" ? { body } : { body: "{}" }));
      await assert.rejects(
        reader(s.url).read("octocat", "web", `sha256:${"c".repeat(64)}`),
        (error: Error) => {
          assert.ok(error instanceof UserError, `${error.name}: ${error.message}`);
          assert.match(
            error.message,
            /the registry's pull token for octocat\/web is not JSON with a string `token`/,
          );
          return true;
        },
      );
    }
  });
});

describe("answers larger than any GitHub sends", () => {
  it("a listing page that never stops coming is refused at 16 MiB, and not read further", async () => {
    let sent = 0;
    const server = createServer((req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      if (req.url === "/users/octocat") return void res.end('{"type":"User"}');
      const chunk = Buffer.alloc(64 * 1024, " ");
      res.write("[");
      const more = () => {
        while (sent < 64 * 1024 * 1024 && res.write(chunk)) sent += chunk.length;
      };
      res.on("drain", more);
      more();
    });
    const url = await listening(server);
    await refused(source(url).listVersions(ref, "active"), /the body is larger than 16 MiB/);
    assert.ok(sent < 40 * 1024 * 1024, `the client read on: ${sent} bytes sent`);
  });

  it("a body is decoded as UTF-8 across chunks, a character split between two included", async () => {
    const name = "1.0.0-ünïcødé-✓";
    const json = Buffer.from(JSON.stringify([{ ...version(1), name }]));
    const split = json.indexOf(Buffer.from("✓")) + 1; // inside the three bytes of ✓
    const server = createServer((req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      if (req.url === "/users/octocat") return void res.end('{"type":"User"}');
      res.write(json.subarray(0, split));
      setTimeout(() => res.end(json.subarray(split)), 20);
    });
    const url = await listening(server);
    const versions = await source(url).listVersions(ref, "active");
    assert.deepEqual(
      versions.map((v) => v.name),
      [name],
    );
  });
});

describe("servers that never finish answering", () => {
  /** The listing is never answered (`silent`) or trickles a byte every 50 ms; the owner is answered. */
  async function stuck(kind: "silent" | "trickle") {
    const server = createServer((req, res) => {
      if (req.url === "/users/octocat") {
        res.writeHead(200, { "content-type": "application/json" });
        res.end('{"type":"User"}');
      } else if (kind === "trickle") {
        res.writeHead(200, { "content-type": "application/json" });
        res.write("[");
        const timer = setInterval(() => res.write(" "), 50);
        res.on("close", () => clearInterval(timer));
      }
    });
    return listening(server);
  }

  for (const kind of ["silent", "trickle"] as const)
    it(`a listing that is ${kind === "silent" ? "never answered" : "trickled forever"} is given up after the read time limit`, async () => {
      const url = await stuck(kind);
      const client = createClient({
        apiUrl: url,
        token: TOKEN,
        userAgent: "ghpkg-test",
        retryBaseMs: 5,
        readTimeoutMs: 300,
        onWait: () => undefined,
      });
      const started = Date.now();
      await refused(
        githubSource(client, url).listVersions(ref, "active"),
        /did not answer in time for package npm\/lib of octocat/,
      );
      assert.ok(Date.now() - started < 10_000);
    });

  it("a registry that never answers is given up after the read time limit", async () => {
    const url = await stuck("silent");
    const r = registryReader({
      registryUrl: url,
      token: TOKEN,
      readTimeoutMs: 300,
      retryBaseMs: 5,
      cacheDir: mkdtempSync(join(tmpdir(), "ghpkg-hostile-")),
    });
    await assert.rejects(r.read("octocat", "web", `sha256:${"d".repeat(64)}`), (error: Error) => {
      assert.ok(error instanceof UserError);
      assert.equal(error.message, `the registry ${url} did not answer within 0.3 s`);
      return true;
    });
  });
});

describe("rate limits GitHub would never set", () => {
  const limited = (headers: Record<string, string>, message: string) =>
    github((seen) =>
      seen.page === 1 && seen.method === "GET" ? { status: 403, headers, body: { message } } : { body: [] },
    );

  for (const [name, headers, message] of [
    [
      "a primary rate limit that resets in 10,000,000 s",
      () => ({
        "x-ratelimit-remaining": "0",
        "x-ratelimit-reset": String(Math.floor(Date.now() / 1000) + 10_000_000),
      }),
      "API rate limit exceeded",
    ],
    [
      "a secondary rate limit asking for 1,000,000 s",
      () => ({ "retry-after": "1000000" }),
      "You have exceeded a secondary rate limit",
    ],
    [
      "a secondary rate limit asking for Infinity s",
      () => ({ "retry-after": "Infinity" }),
      "You have exceeded a secondary rate limit",
    ],
  ] as const)
    it(`${name} is not waited out (two hours at most): the listing fails at once`, async () => {
      const s = await limited(headers(), message);
      const started = Date.now();
      // retryBaseMs 5: a wait of 1,000,000 "seconds" would still be 83 minutes.
      await assert.rejects(source(s.url).listVersions(ref, "active"), (error: Error) => {
        assert.ok(error instanceof GitHubError);
        assert.match(error.message, /\(403\)|\(403: API rate limit exceeded\)/);
        return true;
      });
      assert.ok(Date.now() - started < 5_000);
      assert.equal(s.seen.filter((r) => r.path.includes("/packages")).length, 1);
    });

  it("a secondary rate limit asking for an hour is still waited out", async () => {
    let asked = 0;
    const s = await github(() =>
      asked++ === 0
        ? {
            status: 403,
            headers: { "retry-after": "3600" },
            body: { message: "You have exceeded a secondary rate limit" },
          }
        : { body: [version(1)] },
    );
    // retryBaseMs 0.05: an hour's wait is 180 ms here.
    const client = createClient({
      apiUrl: s.url,
      token: TOKEN,
      userAgent: "t",
      retryBaseMs: 0.05,
      onWait: () => undefined,
    });
    const listed = await githubSource(client, s.url).listVersions(ref, "active");
    assert.deepEqual(
      listed.map((v) => v.id),
      [1],
    );
  });
});
