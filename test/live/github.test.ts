import { after, describe, it } from "node:test";
import assert from "node:assert/strict";
import type { GitHubError } from "../../src/live/github-error.js";
import { parseLinks } from "../../src/live/github.js";
import type { PackageRef } from "../../src/model/package.js";
import type { Sandbox } from "../../src/sandbox/server.js";
import {
  INSTALLATION_TOKEN,
  installationToken,
  organisation,
  pkg,
  sandbox,
  source,
  TOKEN,
  versions,
} from "../helpers/sandbox.js";

const ref = (name: string, type: PackageRef["type"] = "npm"): PackageRef => ({
  owner: "octocat",
  type,
  name,
});
const opened: Sandbox[] = [];
async function open(...args: Parameters<typeof sandbox>): Promise<Sandbox> {
  const s = await sandbox(...args);
  opened.push(s);
  return s;
}
after(() => Promise.all(opened.map((s) => s.close())));
/** The package requests, without the one `GET /users/{owner}` that tells a user from an organisation. */
const listings = (s: Sandbox) => s.requests.filter((r) => r.path.includes("/packages"));

describe("listing versions", () => {
  for (const [count, requests] of [
    [0, 1],
    [1, 1],
    [99, 1],
    [100, 1],
    [101, 2],
    [950, 10],
  ] as const) {
    it(`${count} versions take ${requests} request(s) of per_page=100, all read once`, async () => {
      const s = await open([pkg("npm", "lib", versions(count))]);
      const listed = await source(s.url).listVersions(ref("lib"), "active");
      assert.equal(listed.length, count);
      assert.equal(new Set(listed.map((v) => v.id)).size, count);
      assert.equal(listings(s).length, requests);
      for (const r of listings(s)) assert.match(r.path, /per_page=100/);
      assert.deepEqual(
        s.requests.filter((r) => !r.path.includes("/packages")).map((r) => r.path),
        ["/users/octocat"],
      );
    });
  }

  it("follows every page when the server caps pages smaller, fetching after the first in parallel", async () => {
    // Each answer waits 250 ms, so requests sent together overlap at the sandbox even on a busy machine.
    const s = await open([pkg("npm", "lib", versions(23))], { maxPerPage: 5, latencyMs: 250 });
    const listed = await source(s.url).listVersions(ref("lib"), "active");
    assert.deepEqual(
      listed.map((v) => v.id).sort((a, b) => a - b),
      Array.from({ length: 23 }, (_, i) => i + 1),
    );
    assert.equal(listings(s).length, 5);
    // The first page alone, then the four that its Link header announced, all at once.
    assert.equal(s.peakInFlight(), 4);
  });

  it("reads tags of container and docker versions", async () => {
    const s = await open([
      pkg("container", "web", versions(2, { tags: (i) => (i === 0 ? ["latest", "v2"] : []) })),
      pkg("docker", "old", versions(1, { firstId: 10, tags: () => ["v1"] })),
    ]);
    const web = await source(s.url).listVersions(ref("web", "container"), "active");
    assert.deepEqual(
      web.map((v) => v.tags),
      [["latest", "v2"], []],
    );
    const old = await source(s.url).listVersions(ref("old", "docker"), "active");
    assert.deepEqual(old[0]?.tags, ["v1"]);
  });

  it("lists deleted versions through /user/packages with state=deleted", async () => {
    const list = versions(3);
    // GitHub writes times to the second; so does the sandbox, whatever its state holds.
    const deletedAt = "2026-11-20T10:00:00Z";
    list[1] = { ...list[1]!, deleted_at: "2026-11-20T10:00:00.123Z" };
    const s = await open([pkg("npm", "lib", list)]);
    const deleted = await source(s.url).listVersions(ref("lib"), "deleted");
    assert.deepEqual(
      deleted.map((v) => [v.id, v.state, v.deletedAt]),
      [[2, "deleted", deletedAt]],
    );
    assert.match(listings(s)[0]?.path ?? "", /^\/user\/packages\/npm\/lib\/versions\?.*state=deleted/);
  });

  it("waits out injected 5xx and returns the complete listing, never a partial one", async () => {
    const s = await open([pkg("npm", "lib", versions(450))], { faultRate: 0.3, maxPerPage: 50, seed: 7 });
    const listed = await source(s.url).listVersions(ref("lib"), "active");
    assert.equal(listed.length, 450);
    assert.ok(
      s.requests.some((r) => r.status === 502),
      "faults were injected",
    );
  });
});

describe("mutations", () => {
  it("delete and restore change the sandbox's state, through a secondary rate limit", async () => {
    const s = await open([pkg("npm", "lib", versions(4))], { secondaryRateLimitEvery: 2 });
    const github = source(s.url);
    await github.deleteVersion(ref("lib"), 1);
    await github.deleteVersion(ref("lib"), 2);
    await github.restoreVersion(ref("lib"), 1);
    const state = s.state.packages[0]?.versions.map((v) => [v.id, v.deleted_at === null]);
    assert.deepEqual(state, [
      [1, true],
      [2, false],
      [3, true],
      [4, true],
    ]);
    assert.ok(
      s.requests.some((r) => r.status === 403),
      "a secondary rate limit was answered and waited out",
    );
    assert.equal(await github.getActiveVersion(ref("lib"), 2), undefined);
    assert.equal((await github.getActiveVersion(ref("lib"), 1))?.id, 1);
  });

  it("GitHub's refusals keep GitHub's message", async () => {
    const list = versions(2);
    list[0] = { ...list[0]!, download_count: 6000 };
    const s = await open([pkg("npm", "lib", list)]);
    await assert.rejects(source(s.url).deleteVersion(ref("lib"), 1), (error: GitHubError) => {
      assert.equal(error.status, 400);
      assert.match(error.githubMessage, /more than 5000 downloads/);
      return true;
    });
  });
});

describe("errors a user can act on", () => {
  it("no token: 401, naming the variables read", async () => {
    const s = await open([pkg("npm", "lib", versions(1))]);
    await assert.rejects(
      source(s.url, "").listVersions(ref("lib"), "active"),
      /401.*GITHUB_TOKEN \(or GH_TOKEN\)/,
    );
  });

  it("a wrong token: 401", async () => {
    const s = await open([pkg("npm", "lib", versions(1))]);
    await assert.rejects(
      source(s.url, "ghp_wrong").listVersions(ref("lib"), "active"),
      /refused the token \(401/,
    );
  });

  it("a token without the scope: 403 names the scope missing", async () => {
    const s = await open([pkg("npm", "lib", versions(2))]);
    s.state.tokens = { [TOKEN]: { login: "octocat", scopes: ["read:packages"] } };
    await assert.rejects(
      source(s.url).deleteVersion(ref("lib"), 1),
      /lacks the `delete:packages` scope for version 1 of package npm\/lib of octocat \(it has: read:packages\)/,
    );
  });

  it("an unknown package, and another user's private package: 404", async () => {
    const hidden = { ...pkg("npm", "secret", versions(1), "hubot"), visibility: "private" as const };
    const s = await open([hidden]);
    await assert.rejects(
      source(s.url).listVersions(ref("nope"), "active"),
      /package npm\/nope of octocat not found, or the token cannot see it \(404\)/,
    );
    await assert.rejects(
      source(s.url).listVersions({ owner: "hubot", type: "npm", name: "secret" }, "active"),
      /package npm\/secret of hubot not found, or the token cannot see it/,
    );
  });

  it("an unreachable host says so", async () => {
    // Port 9 (discard), where nothing listens: a port freed a moment ago may be taken by a server of
    // a test file running beside this one, which then answers (and is sent what was not meant for it).
    await assert.rejects(
      source("http://127.0.0.1:9").listVersions(ref("lib"), "active"),
      /cannot reach http:\/\/127\.0\.0\.1:\d+/,
    );
  });

  it("the token appears in no error", async () => {
    const s = await open([pkg("npm", "lib", versions(2))]);
    s.state.tokens = { [TOKEN]: { login: "octocat", scopes: [] } };
    const errors = await Promise.allSettled([
      source(s.url).listVersions(ref("lib"), "active"),
      source(s.url).deleteVersion(ref("lib"), 1),
      source(s.url).listVersions(ref("nope"), "active"),
    ]);
    for (const result of errors) {
      assert.equal(result.status, "rejected");
      const text = JSON.stringify(result.reason, Object.getOwnPropertyNames(result.reason as object));
      assert.ok(!text.includes(TOKEN) && !String(result.reason).includes(TOKEN));
    }
  });
});

describe("parseLinks", () => {
  it("reads next and last page numbers", () => {
    assert.deepEqual(
      parseLinks(
        '<https://api.github.com/x?per_page=100&page=2>; rel="next", <https://api.github.com/x?per_page=100&page=7>; rel="last"',
      ),
      { next: 2, last: 7 },
    );
    assert.deepEqual(parseLinks(undefined), {});
  });
});

describe("owners: users and organisations", () => {
  it("asks GET /users/{owner} once per owner, and uses /orgs/ for an organisation", async () => {
    const s = await open([
      pkg("npm", "a", versions(2)),
      pkg("npm", "b", versions(2, { firstId: 10 })),
      pkg("container", "tools/cli", versions(2, { firstId: 20, tags: () => ["v1"] }), "octo-org"),
    ]);
    s.state.accounts = organisation("octo-org", ["octocat"]);
    const github = source(s.url);
    const tools: PackageRef = { owner: "octo-org", type: "container", name: "tools/cli" };
    await Promise.all([
      github.listVersions(ref("a"), "active"),
      github.listVersions(ref("b"), "active"),
      github.listVersions(tools, "active"),
      github.listPackages("octo-org", "container"),
    ]);
    await github.deleteVersion(tools, 20);
    const paths = s.requests.map((r) => r.path.split("?")[0]);
    assert.equal(paths.filter((p) => p === "/users/octocat").length, 1);
    assert.equal(paths.filter((p) => p === "/users/octo-org").length, 1);
    assert.ok(paths.includes("/orgs/octo-org/packages/container/tools%2Fcli/versions"));
    assert.ok(paths.includes("/orgs/octo-org/packages"));
    assert.ok(paths.includes("/orgs/octo-org/packages/container/tools%2Fcli/versions/20"));
  });

  it("a refused change to an organisation's package says what the organisation asks", async () => {
    const s = await open([pkg("npm", "lib", versions(2), "octo-org")]);
    s.state.accounts = organisation("octo-org", []);
    await assert.rejects(
      source(s.url).deleteVersion({ owner: "octo-org", type: "npm", name: "lib" }, 1),
      /403.*organisation admin, or by someone with the admin role on the package/,
    );
  });

  it("an installation token has no viewer", async () => {
    const s = await open([pkg("npm", "lib", versions(1))]);
    s.state.tokens = installationToken(["octocat/npm/lib"]);
    assert.equal(await source(s.url, INSTALLATION_TOKEN).viewer(), undefined);
  });
});
