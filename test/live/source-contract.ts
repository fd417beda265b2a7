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
}

/** Makes a fresh source holding these packages, owned by (and seen as) `octocat`. */
export type MakeSource = (packages: readonly ContractPackage[]) => Promise<PackageSource>;

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
  });
}
