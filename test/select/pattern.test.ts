import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { compilePattern } from "../../src/select/pattern.js";

describe("compilePattern", () => {
  const cases: [pattern: string, kind: string, matches: string[], misses: string[]][] = [
    ["latest", "exact", ["latest"], ["latest2", "Latest", "xlatest"]],
    ["v1.2.3", "exact", ["v1.2.3"], ["v1x2y3"]],
    ["v*", "glob", ["v", "v1", "v1.2.3-rc.1"], ["1.0", "xv1"]],
    ["pr-?", "glob", ["pr-1"], ["pr-12", "pr-"]],
    ["*.SNAPSHOT", "glob", ["1.0.SNAPSHOT"], ["1.0-SNAPSHOT"]],
    ["/v\\d+/", "regex", ["v1", "v42"], ["v", "v1.0", "xv1"]],
    ["/LATEST/i", "regex", ["latest", "Latest"], ["latest1"]],
    ["/a|b/", "regex", ["a", "b"], ["ab"]],
  ];
  for (const [source, kind, matches, misses] of cases) {
    it(`${source} is ${kind} and matches the whole string`, () => {
      const pattern = compilePattern(source);
      assert.equal(pattern.kind, kind);
      for (const text of matches) assert.ok(pattern.test(text), `${source} should match ${text}`);
      for (const text of misses) assert.ok(!pattern.test(text), `${source} should not match ${text}`);
    });
  }

  it("refuses flags other than i and regexes that do not compile", () => {
    assert.throws(() => compilePattern("/x/g"), /flags may only be `i`/);
    assert.throws(() => compilePattern("/(/"), /invalid regular expression \/\(\/: Unterminated group/);
  });
});
