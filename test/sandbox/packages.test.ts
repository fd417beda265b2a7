import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import type { Sandbox } from "../../src/sandbox/server.js";
import { MESSAGES } from "../../src/sandbox/rules.js";
import { installationToken, organisation, pkg, source, state, TOKEN, versions } from "../helpers/sandbox.js";
import { startSandbox } from "../../src/sandbox/server.js";
import { call, messageOf } from "./http.js";

// GitHub's package endpoints for users and organisations, over plain HTTP.
const MEMBER = "ghp_member0123456789";
let s: Sandbox;
let acmeId: number;
let octocatId: number;

before(async () => {
  const deleted = versions(5, { firstId: 100 });
  deleted[4]!.deleted_at = new Date().toISOString();
  s = await startSandbox({
    state: state(
      [
        pkg("container", "web", versions(7, { tags: (i) => (i === 0 ? ["latest"] : []) }), "acme"),
        pkg("npm", "tools", versions(2, { firstId: 50 }), "acme"),
        pkg("container", "repo/image", versions(3, { firstId: 70 }), "acme"),
        pkg("npm", "lib", deleted),
        { ...pkg("npm", "secret", versions(2, { firstId: 200 })), visibility: "private" },
        pkg("container", "site", versions(2, { firstId: 300 })),
      ],
      {
        accounts: organisation("acme", ["octocat"]),
        tokens: { [TOKEN]: "octocat", [MEMBER]: "hubot", ...installationToken([]) },
      },
    ),
  });
  acmeId = ((await call(s, "/users/acme")).body as { id: number }).id;
  octocatId = ((await call(s, "/users/octocat")).body as { id: number }).id;
});
after(() => s.close());

/** Follows `rel="next"` verbatim, as clients do, collecting every item. */
async function followAll(path: string, token = TOKEN): Promise<{ ids: number[]; links: string[] }> {
  const ids: number[] = [];
  const links: string[] = [];
  let url: string | undefined = `${s.url}${path}`;
  while (url) {
    const answer = await call("", url, { token });
    assert.equal(answer.status, 200, url);
    ids.push(...(answer.body as { id: number }[]).map((item) => item.id));
    const link = answer.headers.get("link") ?? "";
    links.push(link);
    url = /<([^>]+)>; rel="next"/.exec(link)?.[1];
  }
  return { ids, links };
}

describe("accounts", () => {
  it("GET /users/{login} tells users from organisations; unknown logins are 404", async () => {
    const org = await call(s, "/users/acme");
    assert.equal(org.status, 200);
    assert.equal((org.body as { type: string }).type, "Organization");
    assert.equal(((await call(s, "/users/octocat")).body as { type: string }).type, "User");
    const unknown = await call(s, "/users/nobody-here");
    assert.equal(unknown.status, 404);
    assert.equal(messageOf(unknown), "Not Found");
    assert.match(
      (unknown.body as { documentation_url: string }).documentation_url,
      /^https:\/\/docs\.github\.com\//,
    );
  });

  it("GET /orgs/{org} for organisations only; GET /user for a classic token", async () => {
    assert.equal((await call(s, "/orgs/acme")).status, 200);
    assert.equal((await call(s, "/orgs/octocat")).status, 404);
    const me = await call(s, "/user", { token: TOKEN });
    assert.equal((me.body as { login: string }).login, "octocat");
    assert.equal((await call(s, "/user")).status, 401);
  });
});

describe("listing packages", () => {
  it("an organisation's packages by type, paginated with id-based Link paths", async () => {
    const { ids, links } = await followAll("/orgs/acme/packages?package_type=container&per_page=1");
    assert.equal(ids.length, 2);
    assert.match(
      links[0] ?? "",
      new RegExp(`/organizations/${acmeId}/packages\\?package_type=container&per_page=1&page=2>; rel="next"`),
    );
  });

  it("the viewer's own packages include private ones; another's listing shows only public ones", async () => {
    const own = await call(s, "/user/packages?package_type=npm", { token: TOKEN });
    assert.deepEqual((own.body as { name: string }[]).map((p) => p.name).sort(), ["lib", "secret"]);
    const seen = await call(s, "/users/octocat/packages?package_type=npm", { token: MEMBER });
    assert.deepEqual(
      (seen.body as { name: string }[]).map((p) => p.name),
      ["lib"],
    );
  });

  it("package_type is required, as GitHub says (422)", async () => {
    const answer = await call(s, "/users/octocat/packages", { token: TOKEN });
    assert.equal(answer.status, 422);
    assert.match(messageOf(answer), /package_type/);
  });

  it("one package, for users and organisations, with a name containing / percent-encoded", async () => {
    const one = await call(s, "/orgs/acme/packages/container/repo%2Fimage", { token: TOKEN });
    assert.equal(one.status, 200);
    assert.equal((one.body as { name: string }).name, "repo/image");
    assert.equal((one.body as { owner: { type: string } }).owner.type, "Organization");
    assert.equal((await call(s, "/users/octocat/packages/npm/lib", { token: TOKEN })).status, 200);
    assert.equal((await call(s, "/user/packages/npm/lib", { token: TOKEN })).status, 200);
    const versionsOf = await call(s, "/orgs/acme/packages/container/repo%2Fimage/versions", { token: TOKEN });
    assert.deepEqual(
      (versionsOf.body as { id: number }[]).map((v) => v.id),
      [70, 71, 72],
    );
  });

  it("an organisation's packages are not served under /users, nor a user's under /orgs", async () => {
    assert.equal((await call(s, "/users/acme/packages/npm/tools/versions", { token: TOKEN })).status, 404);
    assert.equal((await call(s, "/orgs/octocat/packages/npm/lib/versions", { token: TOKEN })).status, 404);
  });
});

describe("listing versions", () => {
  it("30 a page by default, per_page up to 100, Link canonicalised to /user/{id}/…", async () => {
    const first = await call(s, "/users/octocat/packages/npm/lib/versions?per_page=2", { token: TOKEN });
    assert.equal((first.body as unknown[]).length, 2);
    const link = first.headers.get("link") ?? "";
    assert.match(
      link,
      new RegExp(`/user/${octocatId}/packages/npm/lib/versions\\?per_page=2&page=2>; rel="next"`),
    );
    assert.match(link, /page=2>; rel="last"/);
    const { ids } = await followAll("/users/octocat/packages/npm/lib/versions?per_page=1");
    assert.deepEqual(ids, [100, 101, 102, 103]);
  });

  it("state=deleted: the owner through /user, following id-based links keeps the state", async () => {
    const { ids } = await followAll("/user/packages/npm/lib/versions?state=deleted&per_page=1");
    assert.deepEqual(ids, [104]);
    const ignored = await call(s, "/users/octocat/packages/npm/lib/versions?state=deleted", { token: TOKEN });
    assert.deepEqual(
      (ignored.body as { id: number }[]).map((v) => v.id),
      [100, 101, 102, 103],
    );
  });

  it("state=deleted under /orgs: admins only, others get 403", async () => {
    const admin = await call(s, "/orgs/acme/packages/npm/tools/versions?state=deleted", { token: TOKEN });
    assert.deepEqual(admin.body, []);
    const member = await call(s, "/orgs/acme/packages/npm/tools/versions?state=deleted", { token: MEMBER });
    assert.equal(member.status, 403);
    assert.equal(messageOf(member), MESSAGES.deletedNeedsAdmin);
  });

  it("another user's private package is 404, like a missing one", async () => {
    const hidden = await call(s, "/users/octocat/packages/npm/secret/versions", { token: MEMBER });
    assert.equal(hidden.status, 404);
    assert.equal(messageOf(hidden), MESSAGES.packageNotFound);
  });
});

describe("get, delete, restore", () => {
  it("an org admin deletes and restores an org version; a non-admin gets 403", async () => {
    const path = "/orgs/acme/packages/container/web/versions/7";
    assert.equal((await call(s, path, { token: TOKEN })).status, 200);
    const refused = await call(s, path, { token: MEMBER, method: "DELETE" });
    assert.equal(refused.status, 403);
    assert.equal(messageOf(refused), MESSAGES.notAdmin);
    assert.equal((await call(s, path, { token: TOKEN, method: "DELETE" })).status, 204);
    assert.equal((await call(s, path, { token: TOKEN })).status, 404, "a deleted version is not found");
    assert.equal((await call(s, `${path}/restore`, { token: TOKEN, method: "POST" })).status, 204);
    assert.equal((await call(s, path, { token: TOKEN })).status, 200);
  });

  it("a user deletes and restores under both /user/… and /users/{u}/…", async () => {
    assert.equal(
      (await call(s, "/user/packages/container/site/versions/301", { token: TOKEN, method: "DELETE" }))
        .status,
      204,
    );
    assert.equal(
      (
        await call(s, "/users/octocat/packages/container/site/versions/301/restore", {
          token: TOKEN,
          method: "POST",
        })
      ).status,
      204,
    );
    assert.equal(
      (
        await call(s, "/users/octocat/packages/container/site/versions/301", {
          token: TOKEN,
          method: "DELETE",
        })
      ).status,
      204,
    );
    assert.equal(
      (await call(s, "/user/packages/container/site/versions/301/restore", { token: TOKEN, method: "POST" }))
        .status,
      204,
    );
    assert.equal(s.state.packages.find((p) => p.name === "site")?.versions[1]?.deleted_at, null);
  });

  it("the id-based paths GitHub links to are served for reads and writes too", async () => {
    const org = await call(s, `/organizations/${acmeId}/packages/npm/tools/versions/50`, { token: TOKEN });
    assert.equal(org.status, 200);
    const user = await call(s, `/user/${octocatId}/packages/npm/lib/versions/100`, { token: TOKEN });
    assert.equal((user.body as { name: string }).name, "1.0.5");
  });
});

describe("every REST answer", () => {
  it("carries rate-limit headers, errors included, and errors carry message, documentation_url and status", async () => {
    for (const answer of [
      await call(s, "/user", { token: TOKEN }),
      await call(s, "/users/octocat/packages/npm/nope/versions", { token: TOKEN }),
      await call(s, "/user", { token: "ghp_wrong" }),
    ]) {
      for (const header of [
        "x-ratelimit-limit",
        "x-ratelimit-remaining",
        "x-ratelimit-reset",
        "x-ratelimit-used",
        "x-ratelimit-resource",
      ])
        assert.ok(answer.headers.get(header), header);
      if (answer.status >= 400)
        assert.deepEqual(Object.keys(answer.body as object).sort(), [
          "documentation_url",
          "message",
          "status",
        ]);
    }
  });
});

describe("GitHub Enterprise Server's shape", () => {
  it("serves the same API under /api/v3, with /api/v3 in its links", async () => {
    const answer = await call(s, "/api/v3/users/octocat/packages/npm/lib/versions?per_page=1", {
      token: TOKEN,
    });
    assert.equal(answer.status, 200);
    assert.match(answer.headers.get("link") ?? "", new RegExp(`/api/v3/user/${octocatId}/packages/`));
    assert.match((answer.body as { url: string }[])[0]?.url ?? "", /\/api\/v3\/users\/octocat\//);
  });

  it("ghpkg's own adapter works against --api-url …/api/v3", async () => {
    const live = await source(`${s.url}/api/v3`).listVersions(
      { owner: "octocat", type: "npm", name: "lib" },
      "active",
    );
    assert.deepEqual(live.map((v) => v.id).sort(), [100, 101, 102, 103]);
  });
});

describe("page sizes", () => {
  it("30 by default, at most 100, at most maxPerPage; package listings stop at 10,000 items", async () => {
    const big = await startSandbox({ state: state([pkg("npm", "big", versions(150))]) });
    const small = await startSandbox({ state: state([pkg("npm", "big", versions(150))]), maxPerPage: 10 });
    try {
      const size = async (base: Sandbox, query: string) =>
        (
          (await call(base, `/users/octocat/packages/npm/big/versions${query}`, { token: TOKEN }))
            .body as unknown[]
        ).length;
      assert.equal(await size(big, ""), 30);
      assert.equal(await size(big, "?per_page=500"), 100);
      assert.equal(await size(small, "?per_page=100"), 10);
      const beyond = await call(big, "/user/packages?package_type=npm&per_page=100&page=101", {
        token: TOKEN,
      });
      assert.equal(beyond.status, 400);
    } finally {
      await Promise.all([big.close(), small.close()]);
    }
  });
});
