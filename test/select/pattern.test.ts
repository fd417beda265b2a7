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
    ["/v\\d+\\.\\d+$/", "regex", ["v1.2"], ["v1.2\n"]],
    ["/[a-z]+/", "regex", ["abc"], ["ab\nc"]],
    ["*", "glob", ["", "a/b", "line\nbreak"], []],
    ["a*a", "glob", ["aa", "aba", "a/\na"], ["a", "ab"]],
    ["*-SNAPSHOT", "glob", ["-SNAPSHOT", "1.0-SNAPSHOT"], ["1.0-SNAPSHOT2", "1.0-snapshot"]],
    ["repo/?", "glob", ["repo/a", "repo//"], ["repo/ab"]],
    ["a.b(c)[d]+", "exact", ["a.b(c)[d]+"], ["aXb(c)[d]+"]],
    ["a.b(c)[d]+*", "glob", ["a.b(c)[d]+", "a.b(c)[d]+x"], ["aXb(c)d"]],
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
    assert.throws(
      () => compilePattern("/(/"),
      /^Error: invalid regular expression \/\(\/: missing closing \): `\(`$/,
    );
  });

  it("refuses what RE2 cannot express, naming it: backreferences and lookaround", () => {
    const cases: [source: string, what: string][] = [
      ["/(a)\\1/", "the backreference `\\1`"],
      ["/(?<x>a)\\k<x>/", "the named backreference `\\k<...>`"],
      ["/v(?=1)/", "the lookahead `(?=`"],
      ["/v(?!1)/", "the lookahead `(?!`"],
      ["/(?<=v)1/", "the lookbehind `(?<=`"],
      ["/(?<!v)1/", "the lookbehind `(?<!`"],
    ];
    for (const [source, what] of cases)
      assert.throws(
        () => compilePattern(source),
        (error: Error) =>
          error.message ===
          `invalid regular expression ${source}: ${what} is not supported (patterns use RE2 syntax, which matches in linear time)`,
      );
    // Inside a class or escaped, the same characters are only characters.
    assert.ok(compilePattern("/[(?=]+/").test("(?="));
    assert.ok(compilePattern("/\\(\\?=/").test("(?="));
  });

  it("matches in time linear in the name: no catastrophic backtracking", () => {
    const hostile = `${"a".repeat(10_000)}!`;
    for (const source of ["/(a+)+$/", "/(a|aa)*b/", "/(.*a){20}/", "*a*a*a*a*a*a*b"])
      assert.equal(compilePattern(source).test(hostile), false, source);
  });
});
