import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { copyFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runActionStep } from "../helpers/action.js";
import { ROOT } from "../helpers/cli.js";

// The runner's files for outputs and the job summary on a full disk (/dev/full answers every write
// so): the step fails in one line naming the file, not as "internal error" (a bug it is not).
describe(
  "the step's files on a full disk",
  { skip: process.platform !== "linux" && "needs /dev/full" },
  () => {
    for (const [variable, what] of [
      ["GITHUB_OUTPUT", "the step's outputs"],
      ["GITHUB_STEP_SUMMARY", "the job summary"],
    ] as const)
      it(`${variable}: one line, exit 1`, async () => {
        const workspace = mkdtempSync(join(tmpdir(), "ghpkg-step-"));
        copyFileSync(join(ROOT, "examples/ghpkg.yaml"), join(workspace, "ghpkg.yaml"));
        const inputs = {
          command: "plan",
          spec: "ghpkg.yaml",
          token: "ghp_test",
          "api-url": "http://127.0.0.1:9",
        };
        // A plan that cannot reach GitHub still writes the summary and its outputs: that is what fails here.
        const result = await runActionStep(
          workspace,
          variable === "GITHUB_OUTPUT" ? { ...inputs, command: "validate" } : inputs,
          {
            [variable]: "/dev/full",
          },
        );
        assert.equal(result.code, 1, result.stdout);
        assert.match(
          result.stdout,
          new RegExp(
            `^::error::cannot write ${what} \\(${variable}\\) /dev/full: no space left on the device \\(ENOSPC\\)$`,
            "m",
          ),
        );
        assert.doesNotMatch(result.stdout, /internal error/);
      });
  },
);
