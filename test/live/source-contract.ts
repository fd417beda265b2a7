import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { GitHubError } from "../../src/live/github-error.js";
import type { PackageSource } from "../../src/live/source.js";
import type { PackageRef } from "../../src/model/package.js";
import type { PackageVersion } from "../../src/model/version.js";

/** Versions to start from: ids 1..count, one a day, the newest with the highest id; `deleted` ids deleted a day ago. */
export interface ContractPackage {
  readonly ref: PackageRef;
  readonly count: number;
  readonly deleted?: readonly number[];
  /** Ids that carry the tag `v{id}` (container packages). */
  readonly tagged?: readonly number[];
}

/** Who is who: organisations with their admins, and whom the token speaks for (default `octocat`). */
export interface ContractWorld {
  readonly organisations?: Readonly<Record<string, readonly string[]>>;
  /** A login, or `installation` for an installation token granted every package. */
  readonly as?: string;
}

/** Makes a fresh source holding these packages; the token speaks for `octocat` unless `world.as` says otherwise. */
export type MakeSource = (
  packages: readonly ContractPackage[],
  world?: ContractWorld,
) => Promise<PackageSource>;

const ref = (name: string): PackageRef => ({ owner: "octocat", type: "npm", name });
const ids = (versions: readonly PackageVersion[]) => versions.map((v) => v.id).sort((a, b) => a - b);
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

async function rejectsWith(promise: Promise<unknown>, status: number): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof GitHubError, `expected a GitHubError, got ${String(error)}`);
    assert.equal(error.status, status);
    return true;
  });
}

/**
 * What ghpkg relies on of any PackageSource: run against the in-memory fake and against the real
 * Octokit adapter talking to the sandbox, so that the fake used by core tests cannot drift from GitHub.
 */
export function sourceContract(name: string, make: MakeSource): void {
  describe(`PackageSource contract: ${name}`, () => {
    it("says who the token belongs to", async () => {
      const source = await make([{ ref: ref("lib"), count: 1 }]);
      assert.equal(await source.viewer(), "octocat");
    });

    it("lists every active version, and the viewer's deleted ones apart", async () => {
      const source = await make([{ ref: ref("lib"), count: 12, deleted: [3, 4] }]);
      const active = await source.listVersions(ref("lib"), "active");
      assert.deepEqual(ids(active), [1, 2, ...range(5, 12)]);
      assert.ok(active.every((v) => v.state === "active" && v.deletedAt === null));
      const deleted = await source.listVersions(ref("lib"), "deleted");
      assert.deepEqual(ids(deleted), [3, 4]);
      assert.ok(deleted.every((v) => v.state === "deleted" && v.deletedAt !== null));
    });

    it("gets an active version, and nothing for a deleted or unknown one", async () => {
      const source = await make([{ ref: ref("lib"), count: 3, deleted: [2] }]);
      assert.equal((await source.getActiveVersion(ref("lib"), 1))?.id, 1);
      assert.equal(await source.getActiveVersion(ref("lib"), 2), undefined);
      assert.equal(await source.getActiveVersion(ref("lib"), 99), undefined);
    });

    it("deletes, and answers 404 for a version already gone", async () => {
      const source = await make([{ ref: ref("lib"), count: 3 }]);
      await source.deleteVersion(ref("lib"), 1);
      assert.deepEqual(ids(await source.listVersions(ref("lib"), "active")), [2, 3]);
      assert.deepEqual(ids(await source.listVersions(ref("lib"), "deleted")), [1]);
      await rejectsWith(source.deleteVersion(ref("lib"), 1), 404);
    });

    it("refuses to delete the last active version (400)", async () => {
      const source = await make([{ ref: ref("lib"), count: 2, deleted: [1] }]);
      await rejectsWith(source.deleteVersion(ref("lib"), 2), 400);
      assert.deepEqual(ids(await source.listVersions(ref("lib"), "active")), [2]);
    });

    it("restores a deleted version, and answers 404 for one that is not deleted", async () => {
      const source = await make([{ ref: ref("lib"), count: 3, deleted: [2] }]);
      await source.restoreVersion(ref("lib"), 2);
      assert.deepEqual(ids(await source.listVersions(ref("lib"), "active")), [1, 2, 3]);
      await rejectsWith(source.restoreVersion(ref("lib"), 2), 404);
    });

    it("answers 404 for a package that does not exist", async () => {
      const source = await make([{ ref: ref("lib"), count: 1 }]);
      await rejectsWith(source.listVersions(ref("nope"), "active"), 404);
    });

    it("tells a user from an organisation, and answers 404 for an unknown owner", async () => {
      const source = await make(
        [
          { ref: ref("lib"), count: 1 },
          { ref: orgRef("app"), count: 1 },
        ],
        ORG,
      );
      assert.equal(await source.ownerKind("octocat"), "User");
      assert.equal(await source.ownerKind("octo-org"), "Organization");
      await rejectsWith(source.ownerKind("nobody-here"), 404);
    });

    it("lists an owner's packages of one type, all pages", async () => {
      const names = Array.from({ length: 7 }, (_, i) => `lib-${i}`);
      const source = await make([
        ...names.map((name) => ({ ref: ref(name), count: 1 })),
        { ref: { owner: "octocat", type: "container", name: "web" }, count: 1 },
        { ref: orgRef("app"), count: 1 },
      ]);
      assert.deepEqual((await source.listPackages("octocat", "npm")).sort(), names);
      assert.deepEqual(await source.listPackages("octocat", "maven"), []);
    });

    it("an organisation's admin lists, deletes and restores its versions, deleted ones too", async () => {
      const source = await make([{ ref: orgRef("app"), count: 4, deleted: [1] }], ORG);
      assert.deepEqual(await source.listPackages("octo-org", "npm"), ["app"]);
      assert.deepEqual(ids(await source.listVersions(orgRef("app"), "active")), [2, 3, 4]);
      assert.deepEqual(ids(await source.listVersions(orgRef("app"), "deleted")), [1]);
      await source.deleteVersion(orgRef("app"), 2);
      await source.restoreVersion(orgRef("app"), 1);
      assert.deepEqual(ids(await source.listVersions(orgRef("app"), "active")), [1, 3, 4]);
      assert.equal((await source.getActiveVersion(orgRef("app"), 3))?.id, 3);
    });

    it("refuses an organisation's deleted versions and changes to a member who is not an admin (403)", async () => {
      const source = await make([{ ref: orgRef("app"), count: 3, deleted: [1] }], { ...ORG, as: "hubot" });
      assert.deepEqual(ids(await source.listVersions(orgRef("app"), "active")), [2, 3]);
      await rejectsWith(source.listVersions(orgRef("app"), "deleted"), 403);
      await rejectsWith(source.deleteVersion(orgRef("app"), 2), 403);
      await rejectsWith(source.restoreVersion(orgRef("app"), 1), 403);
    });

    it("an installation token has no user, and is refused the /user listing of deleted versions", async () => {
      const source = await make([{ ref: ref("lib"), count: 3, deleted: [1] }], { as: "installation" });
      assert.equal(await source.viewer(), undefined);
      await rejectsWith(source.listVersions(ref("lib"), "deleted"), 403);
      await source.deleteVersion(ref("lib"), 2);
      assert.deepEqual(ids(await source.listVersions(ref("lib"), "active")), [3]);
    });

    it("serves container names with a slash", async () => {
      const image: PackageRef = { owner: "octocat", type: "container", name: "repo/image" };
      const source = await make([{ ref: image, count: 3, tagged: [3] }]);
      assert.deepEqual(await source.listPackages("octocat", "container"), ["repo/image"]);
      assert.deepEqual(ids(await source.listVersions(image, "active")), [1, 2, 3]);
      await source.deleteVersion(image, 1);
      assert.deepEqual(ids(await source.listVersions(image, "active")), [2, 3]);
    });

    it("refuses to delete the last tagged version of a container package (400)", async () => {
      const web: PackageRef = { owner: "octocat", type: "container", name: "web" };
      const source = await make([{ ref: web, count: 3, tagged: [2] }]);
      await rejectsWith(source.deleteVersion(web, 2), 400);
      await source.deleteVersion(web, 1);
      assert.deepEqual(ids(await source.listVersions(web, "active")), [2, 3]);
    });
  });
}

const ORG: ContractWorld = { organisations: { "octo-org": ["octocat"] } };
const orgRef = (name: string): PackageRef => ({ owner: "octo-org", type: "npm", name });
