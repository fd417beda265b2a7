import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { UserError } from "../../src/model/errors.js";
import { lockfileKind, lockfileResolutions } from "../../src/usage/lockfiles.js";
import { jsonKeyLines } from "../../src/usage/json-key-lines.js";
import { ROOT } from "../helpers/cli.js";

const DIR = "test/fixtures/lockfiles";

/** What a fixture resolves `@octocat/lib` to, each as `version@line`, sorted by line. */
function resolved(path: string, name = "@octocat/lib"): string[] {
  const kind = lockfileKind(path);
  assert.ok(kind, `${path} is a lockfile`);
  return lockfileResolutions(kind, readFileSync(join(ROOT, DIR, path), "utf8"), path)
    .filter((r) => r.name === name)
    .sort((a, b) => a.line - b.line)
    .map((r) => `${r.version}@${r.line}`);
}

describe("lockfiles resolve @OWNER/NAME to the versions installed", () => {
  // 1.4.2, 2.1.0-rc.1 (nested, or with a peer) and 1.0.0 (under an alias; none in v3); the line is
  // the entry's key (v1: the nested `dependencies` entry, not the `requires` line above it).
  const cases: [string, string[]][] = [
    ["npm-v1/package-lock.json", ["1.4.2@7", "2.1.0-rc.1@26", "1.0.0@33"]],
    ["npm-v2/package-lock.json", ["1.4.2@14", "2.1.0-rc.1@19", "1.0.0@24"]],
    ["npm-v3/package-lock.json", ["1.4.2@10", "2.1.0-rc.1@23"]],
    ["shrinkwrap/npm-shrinkwrap.json", ["1.4.2@8"]],
    ["yarn-classic/yarn.lock", ["1.4.2@5", "2.1.0-rc.1@12", "1.0.0@20"]],
    ["yarn-berry/yarn.lock", ["1.4.2@8", "2.1.0-rc.1@17", "1.0.0@23"]],
    ["pnpm-v5/pnpm-lock.yaml", ["1.4.2@13", "1.0.0@17", "2.1.0-rc.1@21"]],
    ["pnpm-v6/pnpm-lock.yaml", ["1.4.2@17", "1.0.0@21", "2.1.0-rc.1@25"]],
    ["pnpm-v9/pnpm-lock.yaml", ["1.4.2@41", "1.0.0@44", "2.1.0-rc.1@47"]],
  ];
  for (const [path, expected] of cases)
    it(`${path}: ${expected.join(", ")}`, () => assert.deepEqual(resolved(path), expected));

  it("passes over workspace packages and links (the project's own code)", () => {
    assert.deepEqual(resolved("npm-v3/package-lock.json", "@octocat/app"), []);
    assert.deepEqual(resolved("yarn-berry/yarn.lock", "@octocat/app"), []);
    assert.deepEqual(resolved("pnpm-v9/pnpm-lock.yaml", "@octocat/app"), []);
  });

  it("reads the name and version an entry carries (a tarball dependency)", () =>
    assert.deepEqual(resolved("pnpm-v9/pnpm-lock.yaml", "@octocat/tarball"), ["0.5.0@52"]));

  it("keeps scoped packages only, names in lower case", () => {
    const all = lockfileResolutions(
      "yarn",
      readFileSync(join(ROOT, DIR, "yarn-classic/yarn.lock"), "utf8"),
      "yarn.lock",
    );
    assert.ok(all.every((r) => r.name === "@octocat/lib"));
  });

  it("knows lockfiles by their names only", () => {
    assert.equal(lockfileKind("deploy/package-lock.json"), "npm");
    assert.equal(lockfileKind("npm-shrinkwrap.json"), "npm");
    assert.equal(lockfileKind("a/yarn.lock"), "yarn");
    assert.equal(lockfileKind("pnpm-lock.yaml"), "pnpm");
    assert.equal(lockfileKind("package.json"), undefined);
    assert.equal(lockfileKind("my-package-lock.json"), undefined);
  });
});

describe("a file that cannot be read as its lockfile is an error naming it", () => {
  const cases: [string, "npm" | "yarn" | "pnpm", string, RegExp][] = [
    ["package-lock.json", "npm", "{ not json", /^x\/package-lock\.json is not valid JSON/],
    ["package-lock.json", "npm", "[]", /is not an npm lockfile/],
    ["yarn.lock", "yarn", '"@o/a@^1":\n  version "1"\nbroken line\n', /^x\/yarn\.lock:3: not a yarn\.lock/],
    ["yarn.lock", "yarn", '"@o/a@^1 :\n', /a quoted descriptor is not closed/],
    ["yarn.lock", "yarn", "__metadata:\n  version: 8\n  - broken: [\n", /^x\/yarn\.lock is not valid YAML/],
    [
      "pnpm-lock.yaml",
      "pnpm",
      "lockfileVersion: '9.0'\npackages: {\n",
      /^x\/pnpm-lock\.yaml is not valid YAML/,
    ],
  ];
  for (const [name, kind, text, message] of cases)
    it(`${name}: ${JSON.stringify(text).slice(0, 40)}`, () =>
      assert.throws(
        () => lockfileResolutions(kind, text, `x/${name}`),
        (error) => error instanceof UserError && message.test(error.message),
      ));
});

describe("jsonKeyLines", () => {
  it("finds keys by path, across escapes, nesting and arrays", () => {
    const text = '{\n "a": {\n  "b\\"c": 1,\n  "d": [ {"e": "}"} ],\n  "f": {"g": 2}\n }\n}';
    const lines = jsonKeyLines(text, () => true);
    assert.equal(lines.get('a\0b"c'), 3);
    assert.equal(lines.get("a\0d\0[]\0e"), 4);
    assert.equal(lines.get("a\0f\0g"), 5);
  });
});
