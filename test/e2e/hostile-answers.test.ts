import { afterEach, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { PlanJson as Plan } from "../../src/plan/json.js";
import { startSandbox, type Sandbox } from "../../src/sandbox/server.js";
import type { SandboxVersion } from "../../src/sandbox/state.js";
import { runCli } from "../helpers/cli.js";
import { E2E_NOW } from "../helpers/e2e.js";
import { imageIndex, imageVersion, platformImage } from "../helpers/images.js";
import { cliEnv, pkg, state, TOKEN } from "../helpers/sandbox.js";
import { listening } from "../helpers/tiny-server.js";

/**
 * The CLI against servers that answer what GitHub and the registry never would: exit 1 with one line
 * naming what was asked and what was wrong (never a stack trace, "internal error" or the token), or,
 * for manifests, the children rule's fail-closed path. Never a wrong plan.
 */

interface Answer {
  readonly status?: number;
  readonly headers?: Record<string, string>;
  readonly body?: unknown;
}
interface Seen {
  readonly path: string;
  readonly query: URLSearchParams;
  readonly authorization: string | undefined;
}

async function serve(answer: (seen: Seen) => Answer) {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    const s = { path: url.pathname, query: url.searchParams, authorization: req.headers.authorization };
    seen.push(s);
    const a = answer(s);
    res.writeHead(a.status ?? 200, { "content-type": "application/json", ...a.headers });
    res.end(typeof a.body === "string" ? a.body : JSON.stringify(a.body ?? null));
  });
  return { url: await listening(server), seen };
}

const created = "2026-11-01T00:00:00Z";
const version = (id: number, extra: Record<string, unknown> = {}) => ({
  id,
  name: `1.0.${id}`,
  created_at: created,
  updated_at: created,
  ...extra,
});
const ACTIVE = "/users/octocat/packages/npm/lib/versions";

/** A GitHub where octocat is the token's user, no version is deleted, and the active listing answers as `listing` says. */
function github(listing: (seen: Seen, url: string) => Answer, owner: Answer = { body: { type: "User" } }) {
  let url = "";
  return serve((s) => {
    if (s.path === "/users/octocat") return owner;
    if (s.path === "/user") return { body: { login: "octocat" } };
    if (s.path === ACTIVE) return listing(s, url);
    return { body: [] };
  }).then((server) => ((url = server.url), server));
}

function planAgainst(url: string) {
  const dir = mkdtempSync(join(tmpdir(), "ghpkg-hostile-answers-"));
  writeFileSync(
    join(dir, "ghpkg.yaml"),
    "version: 1\nowner: octocat\npackages:\n  - type: npm\n    name: lib\n    keep:\n      - name: 1.0.1\n    unmatched: delete\n",
  );
  return runCli(["plan", "--format", "json", "--now", E2E_NOW], { cwd: dir, env: cliEnv(url) });
}

const page = (url: string, n: number | string) => `<${url}${ACTIVE}?per_page=100&page=${n}>`;

describe("the CLI against GitHub answers GitHub would never send", () => {
  for (const [name, listing, owner, wrong] of [
    [
      "a 200 with an HTML body",
      () => ({ headers: { "content-type": "text/html" }, body: "<html><body>Sign in</body></html>" }),
      undefined,
      "GitHub's answer for package npm/lib of octocat is not what GitHub documents: the body is not JSON (text/html)",
    ],
    [
      "a listing that is an object",
      () => ({ body: { versions: [version(1)] } }),
      undefined,
      "GitHub's answer for package npm/lib of octocat is not what GitHub documents: page 1 is not a JSON array",
    ],
    [
      "a version with no id",
      () => ({ body: [version(1), { name: "1.0.2", created_at: created }] }),
      undefined,
      "GitHub's answer for package npm/lib of octocat is not what GitHub documents: item 2 of page 1 has no positive integer `id`",
    ],
    [
      "an unparseable created_at (it would rank anywhere in `newest`)",
      () => ({ body: [version(1), version(2, { created_at: "last tuesday" })] }),
      undefined,
      "GitHub's answer for package npm/lib of octocat is not what GitHub documents: version 2 has no ISO 8601 `created_at`",
    ],
    [
      'rel="last" at page 1,000,000,000',
      (_: Seen, url: string) => ({
        body: [version(1)],
        headers: { link: `${page(url, 1_000_000_000)}; rel="last"` },
      }),
      undefined,
      "GitHub's answer for package npm/lib of octocat is not what GitHub documents: the Link header announces 1000000000 pages, more than the 10000 ghpkg reads",
    ],
    [
      'rel="next" pointing back at page 1',
      (s: Seen, url: string) => ({
        body: [version(Number(s.query.get("page")))],
        headers: { link: `${page(url, 1)}; rel="next"` },
      }),
      undefined,
      "GitHub's answer for package npm/lib of octocat is not what GitHub documents: page 1's Link header names page 1 as the next, not page 2",
    ],
    [
      'rel="next" with no page number (ignoring it would cut the listing short)',
      (_: Seen, url: string) => ({
        body: [version(1)],
        headers: { link: `<${url}${ACTIVE}?cursor=abc>; rel="next"` },
      }),
      undefined,
      `GitHub's answer for package npm/lib of octocat is not what GitHub documents: the Link header's rel="next" names no page number`,
    ],
    [
      "the same version twice, under two names",
      (s: Seen, url: string) =>
        s.query.get("page") === "2"
          ? { body: [version(2, { name: "1.0.9" })] }
          : { body: [version(1), version(2)], headers: { link: `${page(url, 2)}; rel="next"` } },
      undefined,
      "GitHub's answer for package npm/lib of octocat is not what GitHub documents: version 2 is listed twice, differently (did the package change while it was read? try again)",
    ],
    [
      "an owner answer of null",
      () => ({ body: [version(1)] }),
      { body: null },
      "GitHub's answer for the owner octocat is not what GitHub documents: the account has no string `type`",
    ],
  ] as const)
    it(`${name}: exit 1, one line, no plan`, { timeout: 30_000 }, async () => {
      const s = await github(listing, owner);
      const result = await planAgainst(s.url);
      assert.equal(result.code, 1, result.stderr);
      assert.equal(result.stdout, "");
      assert.equal(result.stderr, `error: ${wrong}\n`);
      assert.ok(!result.stderr.includes(TOKEN));
    });

  it("a package listing that names `..`: refused before its name becomes a request path", async () => {
    const s = await serve((seen) =>
      seen.path === "/users/octocat"
        ? { body: { type: "User" } }
        : seen.path === "/user"
          ? { body: { login: "octocat" } }
          : seen.path === "/users/octocat/packages"
            ? { body: [{ name: "lib" }, { name: ".." }] }
            : { body: [version(1)] },
    );
    const dir = mkdtempSync(join(tmpdir(), "ghpkg-hostile-answers-"));
    writeFileSync(
      join(dir, "ghpkg.yaml"),
      'version: 1\nowner: octocat\npackages:\n  - type: npm\n    name: "*"\n    unmatched: delete\n',
    );
    const result = await runCli(["plan", "--now", E2E_NOW], { cwd: dir, env: cliEnv(s.url) });
    assert.equal(result.code, 1, result.stderr);
    assert.equal(
      result.stderr,
      "error: GitHub's answer for the npm packages of octocat is not what GitHub documents: item 2 of page 1 is not a package name (an empty, `.` or `..` part, a control character or a lone surrogate)\n",
    );
    // `/users/octocat/packages/npm/../versions` would have been sent as `/users/octocat/packages/versions`.
    assert.deepEqual(
      s.seen.filter((r) => r.path.includes("/versions")),
      [],
    );
  });

  it("an error status with an HTML page for a body: still one line, and a short one", async () => {
    const html = `<html>\n<body>\r\n<h1>Bad gateway</h1>\u2028${"<p>upstream said no</p>\n".repeat(40)}</body></html>\n`;
    const s = await github(() => ({ status: 422, headers: { "content-type": "text/html" }, body: html }));
    const result = await planAgainst(s.url);
    assert.equal(result.code, 1, result.stderr);
    assert.match(
      result.stderr,
      /^error: GitHub answered 422 for package npm\/lib of octocat: <html> <body> <h1>Bad gateway<\/h1> <p>upstream said no<\/p> [^\n]{100,300}…\n$/,
    );
  });

  it(
    "a listing never answered: given up after the read time limit, exit 1, one line",
    { timeout: 30_000 },
    async () => {
      const server = createServer((req, res) => {
        if (!req.url?.startsWith(ACTIVE)) {
          res.writeHead(200, { "content-type": "application/json" });
          res.end(
            req.url === "/user"
              ? '{"login":"octocat"}'
              : req.url === "/users/octocat"
                ? '{"type":"User"}'
                : "[]",
          );
        }
      });
      const url = await listening(server);
      const dir = mkdtempSync(join(tmpdir(), "ghpkg-hostile-answers-"));
      writeFileSync(
        join(dir, "ghpkg.yaml"),
        "version: 1\nowner: octocat\npackages:\n  - type: npm\n    name: lib\n",
      );
      // Long enough that the owner's immediate answer arrives in time on a loaded machine (CI's was
      // 300 ms, and once took longer); the listing never answers, whatever the limit.
      const result = await runCli(["plan"], {
        cwd: dir,
        env: cliEnv(url, { GHPKG_READ_TIMEOUT_MS: "3000" }),
      });
      assert.equal(result.code, 1, result.stderr);
      assert.equal(
        result.stderr,
        `error: ${url} did not answer in time for package npm/lib of octocat (a read may take a minute at most); try again\n`,
      );
    },
  );

  it("a redirect to another origin: the CLI follows it, and the token never arrives there", async () => {
    const elsewhere = await serve((s) =>
      s.path === "/users/octocat" ? { body: { type: "User" } } : { body: [version(1)] },
    );
    const s = await github(() => ({
      status: 301,
      headers: { location: `${elsewhere.url}${ACTIVE}?per_page=100&page=1` },
    }));
    const result = await planAgainst(s.url);
    assert.equal(result.code, 0, result.stderr);
    assert.ok(elsewhere.seen.some((r) => r.path === ACTIVE));
    for (const r of elsewhere.seen) assert.equal(r.authorization, undefined);
    assert.ok(s.seen.every((r) => r.authorization === `token ${TOKEN}`));
  });
});

describe("the CLI against manifests the registry would never serve", () => {
  let sandbox: Sandbox | undefined;
  afterEach(() => sandbox?.close());

  async function planImages(versions: SandboxVersion[]) {
    const s = (sandbox = await startSandbox({ state: state([pkg("container", "app", versions)]) }));
    const dir = mkdtempSync(join(tmpdir(), "ghpkg-hostile-manifests-"));
    writeFileSync(
      join(dir, "ghpkg.yaml"),
      "version: 1\nowner: octocat\npackages:\n  - type: container\n    name: app\n    delete:\n      - untagged: true\n",
    );
    // The sandbox and these images follow the clock, and so does ghpkg: no --now.
    const result = await runCli(["--registry-url", s.url, "plan", "--format", "json"], {
      cwd: dir,
      env: cliEnv(s.url),
    });
    assert.equal(result.code, 0, result.stderr);
    return JSON.parse(result.stdout) as Plan;
  }

  it("an index of an unknown media type fails closed: no delete, the reason given", async () => {
    // The sandbox, as ghcr.io, answers 404 to an Accept that leaves the type out; a registry that
    // serves it anyway is refused by ghpkg itself (test/live/hostile-answers.test.ts).
    const child = imageVersion(11, platformImage("a"));
    const index = imageVersion(
      10,
      { ...imageIndex([child]), mediaType: "application/x-surprise" },
      { tags: ["v1"] },
    );
    const loose = imageVersion(30, platformImage("loose"));
    const plan = await planImages([index, child, loose]);
    assert.deepEqual(plan.operations, []);
    assert.deepEqual(
      plan.blocked.map((b) => b.version_id),
      [11, 30],
    );
    assert.match(
      plan.blocked[0]?.why ?? "",
      /could not be read: .*; no version of this package is deleted while its images' children are unknown$/,
    );
  });

  it("an image manifest that also lists `manifests` fails closed: which it is cannot be told", async () => {
    const child = imageVersion(11, platformImage("a"));
    const index = imageVersion(
      10,
      { ...imageIndex([child]), mediaType: "application/vnd.oci.image.manifest.v1+json" },
      { tags: ["v1"] },
    );
    const plan = await planImages([index, child]);
    assert.deepEqual(plan.operations, []);
    assert.match(plan.blocked[0]?.why ?? "", /is an image manifest that lists `manifests`/);
  });

  it("an index whose entries have no digest fails closed, rather than hiding its children", async () => {
    const child = imageVersion(11, platformImage("a"));
    const index = imageVersion(
      10,
      {
        ...imageIndex([child]),
        manifests: [{ mediaType: "application/vnd.oci.image.manifest.v1+json", size: 1 }],
      },
      { tags: ["v1"] },
    );
    const plan = await planImages([index, child]);
    assert.deepEqual(plan.operations, []);
    assert.match(plan.blocked[0]?.why ?? "", /entry 1 of `manifests` has no sha256 digest/);
  });

  it("a `subject` naming a digest the package does not hold protects nothing: the referrer's own rule decides", async () => {
    const missing = `sha256:${"f".repeat(64)}`;
    const image = imageVersion(40, platformImage("kept"), { tags: ["latest"] });
    const orphan = imageVersion(41, platformImage("sig", missing));
    const plan = await planImages([image, orphan]);
    assert.deepEqual(
      plan.operations.map((o) => [o.action, o.version_id, o.reason]),
      [["delete", 41, "delete[0]: untagged"]],
    );
    assert.deepEqual(plan.blocked, []);
  });

  it("an index listing 20,000 children the package does not hold plans at once, and keeps what it lists", async () => {
    const child = imageVersion(11, platformImage("a"));
    const absent = Array.from({ length: 20_000 }, (_, i) => ({
      mediaType: "application/vnd.oci.image.manifest.v1+json",
      digest: `sha256:${i.toString(16).padStart(64, "0")}`,
      size: 1,
    }));
    const listing = imageIndex([child]);
    const index = imageVersion(
      10,
      { ...listing, manifests: [...(listing.manifests as unknown[]), ...absent] },
      { tags: ["v1"] },
    );
    const loose = imageVersion(30, platformImage("loose"));
    const plan = await planImages([index, child, loose]);
    assert.deepEqual(
      plan.operations.map((o) => o.version_id),
      [30],
    );
    assert.deepEqual(plan.blocked, []);
  });
});
