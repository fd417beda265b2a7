import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT, runCli } from "../helpers/cli.js";

/** Each fixture states, in `# expect: LINE:COL message` lines, every problem it must produce. */
function expectations(file: string): string[] {
  return [...readFileSync(join(ROOT, file), "utf8").matchAll(/^# expect: (\d+:\d+) (.*)$/gm)].map(
    ([, at, message]) => `${file}:${at}: ${message}`,
  );
}

describe("validate refuses each bad input with its file, line and column", () => {
  const dir = "test/fixtures/invalid";
  const files = readdirSync(join(ROOT, dir)).filter((f) => f.endsWith(".yaml"));
  it("has at least 15 fixtures", () => assert.ok(files.length >= 15, `${files.length} fixtures`));
  for (const name of files) {
    it(name, async () => {
      const file = `${dir}/${name}`;
      const result = await runCli(["validate", "-f", file]);
      assert.equal(result.code, 1, result.stderr);
      const lines = result.stderr.trim().split("\n");
      const problems = lines.slice(0, -1);
      const expected = expectations(file);
      assert.equal(problems.length, expected.length, result.stderr);
      for (const want of expected)
        assert.ok(
          problems.some((line) => line.startsWith(want)),
          `missing «${want}» in:\n${result.stderr}`,
        );
      assert.doesNotMatch(result.stderr, /\n\s+at /, "no stack trace");
      assert.match(lines.at(-1) ?? "", /problems? in the spec; nothing was changed/);
    });
  }

  it("a package declared in two files points at both", async () => {
    const result = await runCli(["validate", "-f", "test/fixtures/duplicate"]);
    assert.equal(result.code, 1);
    const [want] = expectations("test/fixtures/duplicate/b.yaml");
    assert.ok(want && result.stderr.startsWith(want), result.stderr);
  });
});
