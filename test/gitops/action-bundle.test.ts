import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ACTION_BUNDLE_DIR, BUILD_ACTION_COMMAND, ROOT, bundleAction } from "../../scripts/action-bundle.js";

describe("the committed Action bundle", () => {
  it(`is what \`${BUILD_ACTION_COMMAND}\` builds from the sources and the lockfile`, async () => {
    const fresh = mkdtempSync(join(tmpdir(), "ghpkg-bundle-"));
    try {
      await bundleAction(fresh);
      const committed = join(ROOT, ACTION_BUNDLE_DIR);
      const stale = `${ACTION_BUNDLE_DIR}/ is stale: run \`${BUILD_ACTION_COMMAND}\` and commit ${ACTION_BUNDLE_DIR}/`;
      assert.deepEqual(readdirSync(committed).sort(), readdirSync(fresh).sort(), stale);
      for (const file of readdirSync(fresh))
        assert.ok(
          readFileSync(join(committed, file)).equals(readFileSync(join(fresh, file))),
          `${stale} (${file} differs)`,
        );
    } finally {
      rmSync(fresh, { recursive: true, force: true });
    }
  });
});
