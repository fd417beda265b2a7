import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { closeSync, openSync } from "node:fs";
import { join } from "node:path";
import { ROOT, runCli, startCli } from "../helpers/cli.js";

// Output that cannot be written is one line on standard error and exit 1: never a stack trace, never
// silence with exit 0 (a closed pipe exits 1 without a word: the reader chose to stop). (A real full disk under `> file` is in test/e2e/full-disk.test.ts.)

const SPEC = join(ROOT, "examples/ghpkg.yaml");

async function toDevFull(args: string[]) {
  const fd = openSync("/dev/full", "w");
  try {
    return await runCli(args, { stdout: fd });
  } finally {
    closeSync(fd);
  }
}

describe(
  "standard output that cannot be written",
  { skip: process.platform !== "linux" && "needs /dev/full" },
  () => {
    for (const args of [["validate", "-f", SPEC], ["--version"], ["plan", "--help"]])
      it(`ghpkg ${args.join(" ")} > /dev/full: one line, exit 1`, async () => {
        const result = await toDevFull(args);
        assert.equal(result.code, 1);
        assert.equal(
          result.stderr,
          "error: cannot write standard output: no space left on the device (ENOSPC)\n",
        );
      });

    it("a reader that left the pipe (`ghpkg list | head`): exit 1 without a word, as git and gh do", async () => {
      const { child, result } = startCli(["validate", "-f", SPEC]);
      child.stdout?.destroy();
      const { code, stderr } = await result;
      assert.equal(code, 1);
      assert.equal(stderr, "");
    });
  },
);
