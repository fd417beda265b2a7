import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { FileUsage } from "../../src/model/usage.js";
import { describeSelector, matchesFields, versionFacts } from "../../src/select/selector.js";
import { resolveUsageGlob } from "../../src/select/usage-glob.js";
import { usedVersions, usesOf } from "../../src/select/used-in.js";
import { packageSpec } from "../helpers/spec.js";
import { NOW, version } from "../helpers/versions.js";

const D = `sha256:${"ab".repeat(32)}`;

describe("resolveUsageGlob: from the spec's folder to the working directory, never out of it", () => {
  const cases: [string, string, string][] = [
    ["deploy/**/*.yaml", ".", "deploy/**/*.yaml"],
    ["./deploy/*", ".", "deploy/*"],
    ["deploy/**", "specs", "specs/deploy/**"],
    ["../deploy/**", "specs", "deploy/**"],
    ["../../in-use/*.txt", "specs/prod", "in-use/*.txt"],
    ["..", "specs", "."],
    ["*.yaml", "specs[1]", "specs\\[1\\]/*.yaml"],
  ];
  for (const [glob, folder, fromCwd] of cases)
    it(`${glob} from ${folder}: ${fromCwd}`, () =>
      assert.deepEqual(resolveUsageGlob(glob, folder, "x"), { glob: { glob, fromCwd, at: "x" } }));

  const refused: [string, string, RegExp][] = [
    ["/srv/deploy/**", ".", /absolute path/],
    ["C:/deploy/**", ".", /absolute path/],
    ["../deploy/**", ".", /climbs out of the working directory \(the spec is in it\)/],
    ["../../deploy/**", "specs", /climbs out.*the spec's folder is specs/],
    ["deploy/**", "../elsewhere", /climbs out/],
    ["deploy/*/../..", ".", /`\.\.` may only start a glob/],
    ["!deploy/**", ".", /cannot exclude/],
  ];
  for (const [glob, folder, message] of refused)
    it(`refuses ${glob} from ${folder}`, () => {
      const resolved = resolveUsageGlob(glob, folder, "x");
      assert.ok("problem" in resolved && message.test(resolved.problem), JSON.stringify(resolved));
    });
});

describe("usedIn matches the versions the files refer to", () => {
  const files: FileUsage[] = [
    {
      file: "deploy/a.yaml",
      images: [
        { file: "deploy/a.yaml", line: 3, repository: "octocat/web", tag: "v2" },
        { file: "deploy/a.yaml", line: 9, repository: "octocat/web", digest: D },
        { file: "deploy/a.yaml", line: 12, repository: "octocat/web-api", tag: "v1" },
      ],
      npm: [{ file: "deploy/a.yaml", line: 4, name: "@octocat/lib", version: "1.4.2" }],
    },
    {
      file: "deploy/b.yaml",
      images: [{ file: "deploy/b.yaml", line: 1, repository: "octocat/web", tag: "latest" }],
      npm: [{ file: "deploy/b.yaml", line: 2, name: "@octocat/lib", version: "1.4.2" }],
    },
  ];
  const web = {
    byTag: version(1, "sha256:1", 5, { tags: ["v2", "latest"] }),
    byDigest: version(2, D, 5),
    other: version(3, "sha256:3", 5, { tags: ["v1"] }),
  };

  it("container: by tag or by digest, for this package only (web-api is another)", () => {
    const [sel] = packageSpec({ keep: [{ usedIn: "deploy/**" }] }).keep;
    const bound = {
      ...sel!,
      used: usedVersions({ owner: "OctoCat", type: "container", name: "Web" }, files),
    };
    const matched = Object.entries(web)
      .filter(([, v]) => matchesFields(bound, versionFacts(v), NOW))
      .map(([k]) => k);
    assert.deepEqual(matched, ["byTag", "byDigest"]);
    assert.deepEqual(usesOf(bound.used, web.byTag), [
      { file: "deploy/a.yaml", line: 3 },
      { file: "deploy/b.yaml", line: 1 },
    ]);
    assert.equal(
      describeSelector(bound.spec, usesOf(bound.used, web.byDigest)[0]),
      "used in deploy/a.yaml:9",
    );
  });

  it("npm: the version a lockfile resolves @OWNER/NAME to", () => {
    const [sel] = packageSpec({ type: "npm", name: "lib", keep: [{ usedIn: "deploy/**" }] }).keep;
    const used = usedVersions({ owner: "octocat", type: "npm", name: "lib" }, files);
    const bound = { ...sel!, used };
    assert.ok(matchesFields(bound, versionFacts(version(4, "1.4.2", 1)), NOW));
    assert.ok(!matchesFields(bound, versionFacts(version(5, "1.4.3", 1)), NOW));
    assert.deepEqual(usesOf(used, version(4, "1.4.2", 1)), [
      { file: "deploy/a.yaml", line: 4 },
      { file: "deploy/b.yaml", line: 2 },
    ]);
  });

  it("a usedIn selector that was never bound to its files is a bug, not a selector that matches nothing", () => {
    const [sel] = packageSpec({ keep: [{ usedIn: "deploy/**" }] }).keep;
    assert.throws(() => matchesFields(sel!, versionFacts(web.byTag), NOW), /usedIn was not read/);
  });

  it("describes the globs when no version is at hand", () =>
    assert.equal(
      describeSelector({ usedIn: ["a/*", "b/*"], olderThan: "1d" }),
      "used in a/*, b/*, older than 1d",
    ));
});
