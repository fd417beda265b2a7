import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadSpec } from "../../src/spec/load.js";
import { SpecError } from "../../src/spec/problem.js";
import { runCli } from "../helpers/cli.js";

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), "ghpkg-spec-"));
}

const SPEC = `version: 1
owner: octocat
defaults:
  keep:
    - tag: stable
    - name: pinned
  delete:
    - untagged: true
      olderThan: 14d
  unmatched: delete
packages:
  - type: container
    name: web
    keep:
      - tag: latest
  - type: npm
    name: lib
    unmatched: ignore
`;

describe("loadSpec", () => {
  it("merges defaults first, keeps each selector's origin, and drops tag rules for untagged types", () => {
    const dir = tempDir();
    writeFileSync(join(dir, "ghpkg.yaml"), SPEC);
    const spec = loadSpec([join(dir, "ghpkg.yaml")]);
    const [web, lib] = spec.packages;
    assert.deepEqual(
      web?.keep.map((s) => s.origin),
      ["defaults.keep[0]", "defaults.keep[1]", "keep[0]"],
    );
    assert.deepEqual(
      web?.delete.map((s) => s.origin),
      ["defaults.delete[0]"],
    );
    assert.equal(web?.unmatched, "delete");
    assert.deepEqual(
      lib?.keep.map((s) => s.origin),
      ["defaults.keep[1]"],
    );
    assert.deepEqual(lib?.delete, []);
    assert.equal(lib?.unmatched, "ignore");
    assert.match(spec.digest, /^sha256:[0-9a-f]{64}$/);
  });

  it("hashes meaning, not formatting: comments and key order leave the digest alone, a rule change moves it", () => {
    const dir = tempDir();
    writeFileSync(join(dir, "a.yaml"), SPEC);
    writeFileSync(
      join(dir, "b.yaml"),
      `# a comment\n${SPEC.replace("    name: web\n    keep:", "    keep:")}`.replace(
        "  - type: container\n",
        "  - type: container\n    name: web\n",
      ),
    );
    writeFileSync(join(dir, "c.yaml"), SPEC.replace("olderThan: 14d", "olderThan: 15d"));
    const [a, b, c] = ["a", "b", "c"].map((n) => loadSpec([join(dir, `${n}.yaml`)]).digest);
    assert.equal(a, b);
    assert.notEqual(a, c);
  });

  it("reads every *.yaml and *.yml below a folder, sorted, and several paths at once", () => {
    const dir = tempDir();
    mkdirSync(join(dir, "nested"));
    writeFileSync(
      join(dir, "nested", "b.yml"),
      "version: 1\nowner: octocat\npackages: [{type: npm, name: b}]\n",
    );
    writeFileSync(join(dir, "a.yaml"), "version: 1\nowner: octocat\npackages: [{type: npm, name: a}]\n");
    writeFileSync(join(dir, "notes.txt"), "not a spec");
    const other = join(tempDir(), "x.yaml");
    writeFileSync(other, "version: 1\nowner: hubot\npackages: [{type: npm, name: a}]\n");
    const spec = loadSpec([dir, other]);
    assert.deepEqual(
      spec.packages.map((p) => `${p.owner}/${p.name}`),
      ["octocat/a", "octocat/b", "hubot/a"],
    );
    assert.equal(spec.files.length, 3);
  });

  it("passes over hidden files and folders: a repository's .github/ holds workflows, not specs", () => {
    const dir = tempDir();
    mkdirSync(join(dir, ".github", "workflows"), { recursive: true });
    writeFileSync(join(dir, ".github", "workflows", "plan.yml"), "on: push\njobs: {}\n");
    writeFileSync(join(dir, ".hidden.yaml"), "not: a spec\n");
    writeFileSync(join(dir, "ghpkg.yaml"), "version: 1\nowner: octocat\npackages: [{type: npm, name: a}]\n");
    const { files } = loadSpec([dir]);
    assert.equal(files.length, 1);
    assert.match(files[0] ?? "", /(^|\/)ghpkg\.yaml$/);
  });

  it("a missing file and a folder with no spec are problems, reported together", () => {
    const empty = tempDir();
    try {
      loadSpec([join(empty, "nope.yaml"), empty]);
      assert.fail("should throw");
    } catch (error) {
      assert.ok(error instanceof SpecError);
      assert.deepEqual(error.problems.map((p) => p.message).sort(), [
        "no such file or directory (ENOENT)",
        "the folder holds no *.yaml or *.yml file",
      ]);
    }
  });
});

describe("ghpkg validate", () => {
  it("every example validates", async () => {
    const result = await runCli(["validate", "-f", "examples/"]);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^ok: \d+ packages in \d+ files\n$/);
  });

  it("defaults to ghpkg.yaml in the working directory", async () => {
    const dir = tempDir();
    const missing = await runCli(["validate"], { cwd: dir });
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /^ghpkg\.yaml:1:1: no such file or directory \(ENOENT\)$/m);
    writeFileSync(join(dir, "ghpkg.yaml"), SPEC);
    const found = await runCli(["validate"], { cwd: dir });
    assert.equal(found.code, 0, found.stderr);
    assert.equal(found.stdout, "ok: 2 packages in 1 file\n");
  });

  it("prints workflow annotations on GitHub Actions", async () => {
    const result = await runCli(["validate", "-f", "test/fixtures/invalid/bad-semver.yaml"], {
      env: { GITHUB_ACTIONS: "true" },
    });
    assert.equal(result.code, 1);
    assert.match(
      result.stdout,
      /^::error file=test\/fixtures\/invalid\/bad-semver\.yaml,line=8,col=17::`>=banana` is not a semantic version range/m,
    );
  });

  it("--help shows an example and --version the package version", async () => {
    const help = await runCli(["validate", "--help"]);
    assert.match(help.stdout, /Example:\n {2}ghpkg validate/);
    const version = await runCli(["--version"]);
    assert.match(version.stdout, /^\d+\.\d+\.\d+\n$/);
  });
});

describe("package names that are patterns", () => {
  it("a glob and a /regex/ are pattern entries, checked offline and kept as written", () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, "ghpkg.yaml"),
      `version: 1
owner: octo-org
packages:
  - type: container
    name: "svc/*"
    delete:
      - tag: "pr-*"
  - type: npm
    name: /^lib-(a|b)$/i
  - type: container
    name: svc/web
`,
    );
    const spec = loadSpec([join(dir, "ghpkg.yaml")]);
    assert.deepEqual(
      spec.packages.map((p) => [p.name, p.pattern?.kind, p.entry]),
      [
        ["svc/*", "glob", "packages[0] (svc/*)"],
        ["/^lib-(a|b)$/i", "regex", "packages[1] (/^lib-(a|b)$/i)"],
        ["svc/web", undefined, undefined],
      ],
    );
    assert.ok(spec.packages[1]?.pattern?.test("LIB-A"));
    assert.ok(spec.packages[0]?.pattern?.test("svc/api"));
  });
});
