import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { UsageKind } from "../../src/model/usage.js";
import { resolveUsageGlob } from "../../src/select/usage-glob.js";
import { usageReader, type WantedPackages } from "../../src/usage/read-usage.js";

const D = "cd".repeat(32);
let root: string;
let checkout: string;

before(() => {
  root = mkdtempSync(join(tmpdir(), "ghpkg-usage-"));
  checkout = join(root, "repo");
  const write = (path: string, text: string) => {
    mkdirSync(join(checkout, path, ".."), { recursive: true });
    writeFileSync(join(checkout, path), text);
  };
  write("deploy/web.yaml", "kind: Deployment\nspec:\n  image: GHCR.io/OctoCat/web:v2\n");
  write("deploy/prod/api.yaml", `image: ghcr.io/octocat/api@sha256:${D}\nimage: ghcr.io/octocat/other:v1\n`);
  write("deploy/.hidden.yaml", "image: ghcr.io/octocat/web:hidden\n");
  write(
    "app/package-lock.json",
    '{"lockfileVersion":3,"packages":{"node_modules/@octocat/lib":{"version":"1.4.2"}}}',
  );
  write("broken/package-lock.json", "{ not json");
  write("broken/notes.txt", "ghcr.io/octocat/web:v9\n");
  mkdirSync(join(root, "outside"));
  writeFileSync(join(root, "outside", "secret.yaml"), "ghcr.io/octocat/web:leak\n");
  mkdirSync(join(checkout, "linked"));
  symlinkSync(join(root, "outside", "secret.yaml"), join(checkout, "linked", "out.yaml"));
  symlinkSync(join(checkout, "deploy", "web.yaml"), join(checkout, "linked", "in.yaml"));
  mkdirSync(join(checkout, "special"));
  execFileSync("mkfifo", [join(checkout, "special", "pipe")]);
  // A glob names no FIFO, but a link to one reads as a file until it is opened.
  symlinkSync("pipe", join(checkout, "special", "pipe.yaml"));
});
after(() => rmSync(root, { recursive: true, force: true }));

const WANTED: WantedPackages = {
  images: new Set(["octocat/web", "octocat/api"]),
  npm: new Set(["@octocat/lib"]),
};

async function read(globs: string[], kinds: UsageKind[] = ["image"], host = "ghcr.io") {
  const requests = globs.map((glob) => {
    const resolved = resolveUsageGlob(glob, ".", `ghpkg.yaml:${glob}`);
    assert.ok("glob" in resolved);
    return { glob: resolved.glob, kinds: new Set(kinds) };
  });
  return usageReader({ cwd: checkout, registryHost: host }).read(requests, WANTED);
}

describe("reading the files usedIn names", () => {
  it("reads each file a glob names, sorted, dot-files only where the glob spells the dot", async () => {
    const usage = await read(["deploy/**/*.yaml", "deploy/.*.yaml"]);
    const files = (glob: string) => usage.get(glob)!.map((f) => f.file);
    assert.deepEqual(files("deploy/**/*.yaml"), ["deploy/prod/api.yaml", "deploy/web.yaml"]);
    assert.deepEqual(files("deploy/.*.yaml"), ["deploy/.hidden.yaml"]);
  });

  it("keeps references to the wanted packages only, with their lines", async () => {
    const usage = await read(["deploy/web.yaml", "deploy/prod/*.yaml"]);
    assert.deepEqual(usage.get("deploy/web.yaml")![0]!.images, [
      { file: "deploy/web.yaml", line: 3, repository: "octocat/web", tag: "v2" },
    ]);
    assert.deepEqual(usage.get("deploy/prod/*.yaml")![0]!.images, [
      { file: "deploy/prod/api.yaml", line: 1, repository: "octocat/api", digest: `sha256:${D}` },
    ]);
  });

  it("reads lockfiles for npm packages, and only scans them for images when an image package asks", async () => {
    const npm = await read(["app/*"], ["npm"]);
    assert.deepEqual(npm.get("app/*")![0]!.npm, [
      { file: "app/package-lock.json", line: 1, name: "@octocat/lib", version: "1.4.2" },
    ]);
    // A broken lockfile matters only to npm packages: for images it is text like any other.
    const images = await read(["broken/*"], ["image"]);
    assert.equal(images.get("broken/*")!.length, 2);
    await assert.rejects(
      read(["broken/*"], ["npm"]),
      /ghpkg\.yaml:broken\/\*: usedIn `broken\/\*`: broken\/package-lock\.json is not valid JSON/,
    );
  });

  it("a glob that names no file stops the plan, naming the glob; a folder gets a hint", async () => {
    await assert.rejects(
      read(["deploy/**", "gone/**"]),
      /^UserError: ghpkg\.yaml:gone\/\*\*: usedIn `gone\/\*\*` names no file/,
    );
    await assert.rejects(
      read(["deploy"]),
      /usedIn `deploy` names a folder and no file: write `deploy\/\*\*`/,
    );
  });

  it("a file that cannot be read (a FIFO) stops the plan, without hanging", async () => {
    await assert.rejects(
      read(["special/*.yaml"]),
      /usedIn `special\/\*\.yaml`: special\/pipe\.yaml is not a regular file/,
    );
  });

  it("follows links inside the checkout, and refuses one that leads out of it", async () => {
    await assert.rejects(
      read(["linked/*"]),
      /linked\/out\.yaml is a symbolic link that leads out of the working directory/,
    );
    const usage = await read(["linked/in.yaml"]);
    assert.equal(usage.get("linked/in.yaml")![0]!.images[0]?.tag, "v2");
  });

  it("reads a file named by several globs once, and the registry's own host only", async () => {
    const usage = await read(["deploy/web.yaml", "deploy/w*"], ["image"], "127.0.0.1:8787");
    assert.equal(usage.get("deploy/web.yaml")![0], usage.get("deploy/w*")![0], "one reading, shared");
    assert.deepEqual(usage.get("deploy/w*")![0]!.images, []);
  });
});
