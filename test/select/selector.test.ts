import { describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  compileSelector,
  describeSelector,
  matchesFields,
  versionFacts,
  type SelectorSpec,
} from "../../src/select/selector.js";
import { NOW, version } from "../helpers/versions.js";

const v = {
  release: version(1, "2.1.0", 40),
  vRelease: version(2, "v3.0.0", 5),
  pre: version(3, "3.1.0-rc.1", 2),
  oldPre: version(4, "1.0.0-beta.2", 200),
  notSemver: version(5, "sha256:abc", 100, { tags: ["latest", "v1"] }),
  untagged: version(6, "sha256:def", 20),
};

describe("matchesFields", () => {
  const cases: [SelectorSpec, (keyof typeof v)[]][] = [
    [{ id: 3 }, ["pre"]],
    [{ id: [1, 6] }, ["release", "untagged"]],
    [{ name: "2.1.0" }, ["release"]],
    [{ name: "sha256:*" }, ["notSemver", "untagged"]],
    [{ tag: "latest" }, ["notSemver"]],
    [{ tag: "v?" }, ["notSemver"]],
    [{ untagged: true }, ["release", "vRelease", "pre", "oldPre", "untagged"]],
    [{ untagged: false }, ["notSemver"]],
    // npm's semver.satisfies: a pre-release matches only a range that names its major.minor.patch
    [{ semver: ">=2.0.0" }, ["release", "vRelease"]],
    [{ semver: ">=3.1.0-rc.0" }, ["pre"]],
    [{ semver: "*" }, ["release", "vRelease"]],
    [{ prerelease: true }, ["pre", "oldPre"]],
    [{ prerelease: false }, ["release", "vRelease"]],
    [{ olderThan: "30d" }, ["release", "oldPre", "notSemver"]],
    [{ newerThan: "3d" }, ["pre"]],
    [{ newerThan: "P30D", untagged: true }, ["vRelease", "pre", "untagged"]],
    [{ olderThan: "14d", untagged: true, prerelease: true }, ["oldPre"]],
  ];
  for (const [spec, expected] of cases) {
    it(`${JSON.stringify(spec)} matches ${expected.join(", ")}`, () => {
      const selector = compileSelector(spec, "keep[0]");
      const matched = (Object.keys(v) as (keyof typeof v)[]).filter((key) =>
        matchesFields(selector, versionFacts(v[key]), NOW),
      );
      assert.deepEqual(matched, expected);
    });
  }
});

describe("namesExactly", () => {
  const cases: [SelectorSpec, boolean][] = [
    [{ id: 3 }, true],
    [{ id: [3, 4] }, true],
    [{ name: "1.4.2" }, true],
    [{ tag: "latest" }, true],
    [{ name: "1.4.*" }, false],
    [{ tag: "/latest/" }, false],
    [{ name: "1.4.2", olderThan: "1d" }, false],
    [{ id: 3, newest: 1 }, false],
    [{ semver: "1.4.2" }, false],
  ];
  for (const [spec, exact] of cases)
    it(`${JSON.stringify(spec)} ${exact ? "names" : "does not name"} a version exactly`, () =>
      assert.equal(compileSelector(spec, "keep[0]").namesExactly, exact));
});

describe("describeSelector", () => {
  it("reads as a short phrase, in the order written", () => {
    assert.equal(describeSelector({ untagged: true, olderThan: "14d" }), "untagged, older than 14d");
    assert.equal(describeSelector({ tag: "v*", newest: 10 }), "tag v*, newest 10");
    assert.equal(describeSelector({ id: [1, 2] }), "id 1, 2");
  });
});
