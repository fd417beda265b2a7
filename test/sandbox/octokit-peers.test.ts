import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { Octokit } from "@octokit/rest";
import { startSandbox, type Sandbox } from "../../src/sandbox/server.js";
import { pkg, state, TOKEN, versions } from "../helpers/sandbox.js";

// Other cleanup tools talk to GitHub through a bare @octokit/rest (actions/delete-package-versions,
// dataaxiom/ghcr-cleanup-action; @actions/github's getOctokit builds the same client): they list with
// octokit.paginate, which follows Link rel="next" only, then delete and restore by id. The sandbox
// must serve them as api.github.com does, on GitHub's paths and under GHES's /api/v3.
let s: Sandbox;
before(async () => {
  s = await startSandbox({
    state: state(
      [
        pkg("container", "web", versions(23, { tags: (i) => (i === 0 ? ["latest"] : []) })),
        pkg("container", "api", versions(7, { firstId: 100, tags: (i) => [`v${i}`] }), "octo-org"),
      ],
      { accounts: { "octo-org": { type: "Organization", admins: ["octocat"] } } },
    ),
  });
});
after(() => s.close());

for (const prefix of ["", "/api/v3"]) {
  describe(`a bare @octokit/rest client${prefix ? " (GHES, /api/v3)" : ""}`, () => {
    const octokit = () =>
      new Octokit({
        auth: TOKEN,
        baseUrl: `${s.url}${prefix}`,
        log: { debug() {}, info() {}, warn() {}, error() {} },
      });

    it("getAuthenticated, then paginates a user's versions to the end, each once", async () => {
      const o = octokit();
      assert.equal((await o.rest.users.getAuthenticated()).data.login, "octocat");
      const all = await o.paginate(o.rest.packages.getAllPackageVersionsForPackageOwnedByUser, {
        package_type: "container",
        package_name: "web",
        username: "octocat",
        per_page: 5,
      });
      assert.equal(all.length, 23);
      assert.equal(new Set(all.map((v) => v.id)).size, 23);
    });

    it("paginates an organisation's versions, then deletes and restores one by id", async () => {
      const o = octokit();
      const all = await o.paginate(o.rest.packages.getAllPackageVersionsForPackageOwnedByOrg, {
        package_type: "container",
        package_name: "api",
        org: "octo-org",
        per_page: 3,
      });
      assert.equal(all.length, 7);
      const target = {
        package_type: "container",
        package_name: "api",
        org: "octo-org",
        package_version_id: 103,
      } as const;
      assert.equal((await o.rest.packages.deletePackageVersionForOrg(target)).status, 204);
      const deleted = await o.paginate(o.rest.packages.getAllPackageVersionsForPackageOwnedByOrg, {
        package_type: "container",
        package_name: "api",
        org: "octo-org",
        state: "deleted",
      });
      assert.deepEqual(
        deleted.map((v) => v.id),
        [103],
      );
      assert.equal((await o.rest.packages.restorePackageVersionForOrg(target)).status, 204);
    });

    it("deletes and restores a user's version; an unknown id is a RequestError 404 with GitHub's message", async () => {
      const o = octokit();
      const target = {
        package_type: "container",
        package_name: "web",
        username: "octocat",
        package_version_id: 5,
      } as const;
      assert.equal((await o.rest.packages.deletePackageVersionForUser(target)).status, 204);
      assert.equal((await o.rest.packages.restorePackageVersionForUser(target)).status, 204);
      await assert.rejects(
        o.rest.packages.deletePackageVersionForUser({ ...target, package_version_id: 999_999 }),
        (error: { status?: number; message?: string }) =>
          error.status === 404 && /Package version not found/.test(error.message ?? ""),
      );
    });
  });
}
