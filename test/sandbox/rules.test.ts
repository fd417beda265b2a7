import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { identify } from "../../src/sandbox/callers.js";
import { VersionIndexes } from "../../src/sandbox/indexes.js";
import {
  canRead,
  deletedListing,
  deleteRefusal,
  isPackageAdmin,
  MESSAGES,
  restoreRefusal,
  scanOthers,
} from "../../src/sandbox/rules.js";
import { paginate } from "../../src/sandbox/pagination.js";
import fc from "fast-check";
import { findAccount, findAccountById } from "../../src/sandbox/accounts.js";
import { parseSandboxState } from "../../src/sandbox/state.js";
import { installationToken, organisation, pkg, state, TOKEN, versions } from "../helpers/sandbox.js";

// GitHub's rules as plain functions of the state: no server, no HTTP.
const NOW = Date.parse("2026-11-24T10:00:00Z");
const daysAgo = (d: number) => new Date(NOW - d * 86_400_000).toISOString();

describe("deleteRefusal", () => {
  it("refuses the last active version", () => {
    const list = versions(2);
    list[1]!.deleted_at = daysAgo(1);
    assert.equal(deleteRefusal(pkg("npm", "a", list), list[0])?.message, MESSAGES.lastVersion);
  });

  it("refuses the last tagged version of a container, not of other types", () => {
    const list = versions(3, { tags: (i) => (i === 0 ? ["v1"] : []) });
    assert.deepEqual(deleteRefusal(pkg("container", "web", list), list[0]), {
      status: 400,
      message: MESSAGES.lastTagged,
    });
    assert.equal(deleteRefusal(pkg("docker", "old", list), list[0]), undefined);
    assert.equal(deleteRefusal(pkg("container", "web", list), list[1]), undefined, "untagged goes");
  });

  it("refuses public versions with more than 5,000 downloads, not private ones", () => {
    const list = versions(2);
    list[0]!.download_count = 5001;
    assert.equal(deleteRefusal(pkg("npm", "a", list), list[0])?.message, MESSAGES.downloads);
    assert.equal(deleteRefusal({ ...pkg("npm", "a", list), visibility: "private" }, list[0]), undefined);
    list[0]!.download_count = 5000;
    assert.equal(deleteRefusal(pkg("npm", "a", list), list[0]), undefined, "5,000 exactly may go");
  });

  it("answers 404 for a version already deleted or unknown", () => {
    const list = versions(3);
    list[0]!.deleted_at = daysAgo(1);
    assert.equal(deleteRefusal(pkg("npm", "a", list), list[0])?.status, 404);
    assert.equal(deleteRefusal(pkg("npm", "a", list), undefined)?.status, 404);
  });
});

describe("restoreRefusal", () => {
  it("restores within 30 days, not after", () => {
    const list = versions(3);
    list[0]!.deleted_at = daysAgo(29);
    list[1]!.deleted_at = daysAgo(31);
    assert.equal(restoreRefusal(pkg("npm", "a", list), list[0], NOW), undefined);
    assert.equal(restoreRefusal(pkg("npm", "a", list), list[1], NOW)?.status, 404);
  });

  it("refuses a version whose name is active again, and one that is not deleted", () => {
    const list = versions(3);
    list[0]!.deleted_at = daysAgo(1);
    list[1]!.name = list[0]!.name;
    assert.equal(restoreRefusal(pkg("npm", "a", list), list[0], NOW)?.message, MESSAGES.nameActive);
    assert.equal(restoreRefusal(pkg("npm", "a", list), list[2], NOW)?.status, 404);
  });
});

describe("who may do what", () => {
  const web = pkg("container", "web", versions(2), "acme");
  const secret = { ...pkg("npm", "secret", versions(2), "octocat"), visibility: "private" as const };
  const s = state([web, secret], {
    accounts: organisation("acme", ["octocat"]),
    tokens: { [TOKEN]: "octocat", ghp_member: "hubot", ...installationToken(["acme/container/web"]) },
  });
  const octocat = identify(s, TOKEN)!;
  const hubot = identify(s, "ghp_member")!;
  const app = identify(s, "ghs_SandboxInstallation0123456789abcdef")!;

  it("org admins, package admins and granted installations administer; others do not", () => {
    assert.ok(isPackageAdmin(s, octocat, web));
    assert.ok(!isPackageAdmin(s, hubot, web));
    assert.ok(isPackageAdmin(s, hubot, { ...web, admins: ["hubot"] }));
    assert.ok(isPackageAdmin(s, app, web));
    assert.ok(!isPackageAdmin(s, app, secret));
  });

  it("private packages are seen only by their admins", () => {
    assert.ok(canRead(s, octocat, secret));
    assert.ok(!canRead(s, hubot, secret));
    assert.ok(canRead(s, hubot, web));
  });

  it("deleted versions: the owner through /user, org admins through /orgs, ignored through /users", () => {
    assert.equal(deletedListing(s, octocat, secret, "self"), "allowed");
    assert.equal(deletedListing(s, octocat, secret, "user"), "ignored");
    assert.equal(deletedListing(s, octocat, web, "org"), "allowed");
    assert.deepEqual(deletedListing(s, hubot, web, "org"), {
      status: 403,
      message: MESSAGES.deletedNeedsAdmin,
    });
  });

  it("unknown tokens are nobody; without a tokens map every token is the viewer", () => {
    assert.equal(identify(s, "ghp_nobody"), undefined);
    assert.equal(identify({ viewer: "octocat", packages: [] }, "anything")?.login, "octocat");
    assert.equal(identify({ viewer: "octocat", packages: [] }, ""), undefined);
  });

  it("accounts: organisations by the accounts map, others Users, found by login or id", () => {
    assert.equal(findAccount(s, "ACME")?.type, "Organization");
    assert.equal(findAccount(s, "octocat")?.type, "User");
    assert.equal(findAccount(s, "nobody"), undefined);
    const acme = findAccount(s, "acme")!;
    assert.equal(findAccountById(s, acme.id)?.login, "acme");
  });
});

describe("indexes and pages", () => {
  it("lists newest first, finds by id, digest and tag, and sees a push after invalidation", () => {
    const list = versions(4, { tags: (i) => (i === 0 ? ["latest"] : []) });
    const web = pkg("container", "web", list);
    const indexes = new VersionIndexes();
    assert.deepEqual(
      indexes.listing(web, "active", true).map((v) => v.id),
      [1, 2, 3, 4],
    );
    assert.equal(indexes.byId(web, 3)?.name, "1.0.2");
    assert.equal(indexes.byName(web, "1.0.2")[0]?.id, 3);
    assert.equal(indexes.byTag(web, "latest")?.id, 1);
    list[0]!.deleted_at = daysAgo(0);
    assert.equal(indexes.byTag(web, "latest"), undefined, "a tag of a deleted version is gone");
    assert.deepEqual(
      indexes.listing(web, "deleted", true).map((v) => v.id),
      [1],
    );
  });

  it("slices pages and links them by the canonical path, keeping the query", () => {
    const url = new URL("http://h/users/octocat/packages/npm/a/versions?per_page=2&page=2&state=active");
    const page = paginate(url, [1, 2, 3, 4, 5], 100, "http://h/user/7/packages/npm/a/versions");
    assert.deepEqual(page.items, [3, 4]);
    assert.equal(
      page.link,
      '<http://h/user/7/packages/npm/a/versions?per_page=2&state=active&page=3>; rel="next", ' +
        '<http://h/user/7/packages/npm/a/versions?per_page=2&state=active&page=3>; rel="last", ' +
        '<http://h/user/7/packages/npm/a/versions?per_page=2&state=active&page=1>; rel="first", ' +
        '<http://h/user/7/packages/npm/a/versions?per_page=2&state=active&page=1>; rel="prev"',
    );
    assert.equal(paginate(new URL("http://h/x"), [1], 100, "http://h/x").link, undefined);
  });
});

describe("state files", () => {
  it("reads accounts and relative dates, and names what is wrong with a bad file", () => {
    const parsed = parseSandboxState(
      JSON.stringify({
        viewer: "octocat",
        accounts: { acme: { type: "Organization", admins: ["octocat"] } },
        packages: [
          {
            owner: "acme",
            type: "npm",
            name: "a",
            versions: [{ id: 1, name: "1.0.0", created_at: "2d ago" }],
          },
        ],
      }),
      NOW,
    );
    assert.equal(parsed.accounts?.acme?.type, "Organization");
    assert.equal(parsed.packages[0]?.versions[0]?.created_at, daysAgo(2));
    assert.throws(() => parseSandboxState("{", NOW), /is not valid JSON/);
    assert.throws(
      () =>
        parseSandboxState(
          '{"viewer":"o","packages":[{"owner":"o","name":"n","type":"pip","versions":[]}]}',
          NOW,
        ),
      /packages\[0\]\.type must be one of/,
    );
  });
});

describe("VersionIndexes.anyOther", () => {
  it("answers as the plain scan does, whatever was asked before and however the state changed", () => {
    fc.assert(
      fc.property(
        fc.array(fc.boolean(), { minLength: 1, maxLength: 30 }),
        fc.array(fc.tuple(fc.nat(), fc.boolean()), { maxLength: 40 }),
        (active, steps) => {
          const list = versions(active.length);
          list.forEach((v, i) => (v.deleted_at = active[i] ? null : daysAgo(1)));
          const web = pkg("npm", "a", list);
          const indexes = new VersionIndexes();
          const isActive = (v: { deleted_at: string | null }) => v.deleted_at === null;
          for (const [at, flip] of steps) {
            const except = list[at % list.length]!;
            assert.equal(
              indexes.anyOther(web, "active", except, isActive),
              scanOthers(web, "active", except, isActive),
            );
            if (flip) except.deleted_at = except.deleted_at === null ? daysAgo(1) : null;
          }
        },
      ),
    );
  });
});
