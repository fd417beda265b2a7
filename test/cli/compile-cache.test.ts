import { describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  chmodSync,
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
  appendFileSync,
} from "node:fs";
import { spawnSync } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { crc32 } from "node:zlib";
import { CLI, ROOT, runCli } from "../helpers/cli.js";
import { clockEnv } from "../helpers/clock-env.js";
import { commandOf, compileCacheDir, userCacheHome } from "../../src/cli/compile-cache.js";
import { COMMAND_NAMES } from "../../src/cli/command-names.js";

// The launcher (package.json `bin`) runs the bundle with V8's code cache: a cache may make a run
// faster and must never change one. These run the real launcher and bundle.
const MAGIC = "ghpkg-v8-cache-2\n";
const VALIDATE = ["validate", "-f", "examples/"];

function scratch(): string {
  return mkdtempSync(join(tmpdir(), "ghpkg-v8-test-"));
}

/**
 * A copy of the built CLI beside the package.json it reads, so that its bundle can be changed, or
 * run by a user who cannot read the checkout (`readableByAll` opens its folders to everyone).
 */
function copyOfCli(options: { readableByAll?: boolean } = {}): string {
  const root = scratch();
  const dir = join(root, "dist", "bundle", "cli");
  mkdirSync(dir, { recursive: true });
  for (const file of ["ghpkg.cjs", "main.cjs"])
    copyFileSync(join(ROOT, "dist/bundle/cli", file), join(dir, file));
  copyFileSync(join(ROOT, "package.json"), join(root, "package.json"));
  if (options.readableByAll)
    for (const folder of [root, join(root, "dist"), join(root, "dist", "bundle"), dir])
      chmodSync(folder, 0o755);
  return dir;
}

function cacheFiles(dir: string): string[] {
  return readdirSync(dir).sort();
}

/** Whole and undamaged, as the launcher writes it: MAGIC, the CRC-32 of the data, the data. */
function isWholeCache(bytes: Buffer): boolean {
  const header = MAGIC.length + 4;
  if (bytes.subarray(0, MAGIC.length).toString() !== MAGIC || bytes.length <= header) return false;
  return crc32(bytes.subarray(header)) === bytes.readUInt32BE(MAGIC.length);
}

async function validateWith(cache: string, env: Record<string, string> = {}) {
  const run = await runCli(VALIDATE, { env: { GHPKG_COMPILE_CACHE: cache, ...env } });
  assert.equal(run.code, 0, run.stderr);
  assert.equal(run.stderr, "");
  return run;
}

describe("the V8 code cache", () => {
  it("is written by a command's first run, whole and private, and used as it is by the next", async () => {
    const cache = scratch();
    const first = await validateWith(cache);
    const files = cacheFiles(cache);
    assert.equal(files.length, 1, files.join(", "));
    assert.match(files[0] ?? "", /^validate-[0-9a-f]{32}\.v8$/);
    const file = join(cache, files[0] ?? "");
    assert.ok(isWholeCache(readFileSync(file)));
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.equal(statSync(cache).mode & 0o777, 0o700);
    const before = statSync(file);

    const second = await validateWith(cache);
    assert.equal(second.stdout, first.stdout);
    const after = statSync(file);
    assert.equal(after.ino, before.ino, "a cache V8 accepted is not written again");
    assert.equal(after.mtimeMs, before.mtimeMs);
  });

  it("keeps one file per command: --version compiles little of what validate needs", async () => {
    const cache = scratch();
    await validateWith(cache);
    const version = await runCli(["--version"], { env: { GHPKG_COMPILE_CACHE: cache } });
    assert.equal(version.code, 0);
    assert.deepEqual(
      cacheFiles(cache).map((name) => name.replace(/-[0-9a-f]{32}\.v8$/, "")),
      ["ghpkg", "validate"],
    );
  });

  for (const [damage, spoil] of [
    ["one byte of its data flipped", (bytes: Buffer) => flipped(bytes, bytes.length - 1000)],
    ["cut in half", (bytes: Buffer) => bytes.subarray(0, bytes.length >> 1)],
    ["empty", () => Buffer.alloc(0)],
    ["not a cache at all", (bytes: Buffer) => Buffer.alloc(bytes.length, 7)],
  ] as const)
    it(`ignores a cache ${damage}, runs the same, and writes it whole again`, async () => {
      const cache = scratch();
      const clean = await validateWith(cache);
      const [name = ""] = cacheFiles(cache);
      const file = join(cache, name);
      const spoilt = spoil(readFileSync(file));
      writeFileSync(file, spoilt);
      const before = statSync(file);

      const run = await validateWith(cache);
      assert.equal(run.stdout, clean.stdout);
      assert.notEqual(statSync(file).ino, before.ino, "the damaged cache was replaced");
      const now = readFileSync(file);
      assert.ok(isWholeCache(now));
      assert.ok(!now.equals(spoilt));
    });

  it("does not use an older bundle's cache: a changed bundle makes its own and the old one goes", () => {
    const dir = copyOfCli();
    const cache = scratch();
    const runCopy = () =>
      spawnSync(process.execPath, [join(dir, "ghpkg.cjs"), "--version"], {
        env: { PATH: process.env.PATH ?? "", GHPKG_COMPILE_CACHE: cache, ...clockEnv() },
        encoding: "utf8",
      });
    assert.equal(runCopy().status, 0);
    const [old = ""] = cacheFiles(cache);
    appendFileSync(join(dir, "main.cjs"), "\n// another build\n");
    const changed = runCopy();
    assert.equal(changed.status, 0, changed.stderr);
    const files = cacheFiles(cache);
    assert.equal(files.length, 1, files.join(", "));
    assert.notEqual(files[0], old);
  });

  it("removes what a run killed mid-write left, once it is old, and nothing newer", async () => {
    const cache = scratch();
    const old = join(cache, "validate-0123.v8.4242.partial");
    const fresh = join(cache, "plan-0123.v8.4343.partial");
    writeFileSync(old, "torn");
    writeFileSync(fresh, "being written");
    // Both times from this process's clock, as the launcher reads it: the file system's own clock
    // is not moved by a test that moves the clock (faketime), so a new file's own time would not do.
    const now = Date.now();
    utimesSync(old, new Date(now - 3_600_000), new Date(now - 3_600_000));
    utimesSync(fresh, new Date(now), new Date(now));
    await validateWith(cache);
    const files = cacheFiles(cache);
    assert.ok(!files.includes("validate-0123.v8.4242.partial"), files.join(", "));
    assert.ok(files.includes("plan-0123.v8.4343.partial"), files.join(", "));
  });

  it("is not used in a folder others can write, nor through a link", async () => {
    const open = scratch();
    chmodSync(open, 0o777);
    await validateWith(open);
    assert.deepEqual(cacheFiles(open), []);

    const target = scratch();
    const link = join(scratch(), "link");
    symlinkSync(target, link);
    await validateWith(link);
    assert.deepEqual(cacheFiles(target), []);
  });

  it("is off with GHPKG_COMPILE_CACHE=off, and its absence is never an error", async () => {
    const home = scratch();
    await validateWith("off", { HOME: home, XDG_CACHE_HOME: join(home, "xdg") });
    assert.deepEqual(cacheFiles(home), []);

    const file = join(scratch(), "a-file");
    writeFileSync(file, "");
    await validateWith(join(file, "cache"));
  });

  it("is no error for a user with neither $HOME nor an entry in the user database", (t) => {
    if (process.getuid?.() !== 0) return t.skip("needs root to run as an unknown user");
    // The checkout may sit in a folder only root can read (CI's is): the stranger runs a copy.
    const dir = copyOfCli({ readableByAll: true });
    const run = spawnSync(process.execPath, [join(dir, "ghpkg.cjs"), "--version"], {
      env: { PATH: process.env.PATH ?? "", ...clockEnv() },
      uid: 54321,
      gid: 54321,
      encoding: "utf8",
    });
    assert.equal(run.stderr, "");
    assert.equal(run.status, 0);
  });

  it("lives in the user's cache folder by default", async () => {
    const home = scratch();
    await validateWith("", { HOME: home });
    assert.equal(cacheFiles(join(home, ".cache", "ghpkg", "v8")).length, 1);
    const xdg = join(scratch(), "xdg");
    await validateWith("", { HOME: home, XDG_CACHE_HOME: xdg });
    assert.equal(cacheFiles(join(xdg, "ghpkg", "v8")).length, 1);
  });

  it("is named after each command ghpkg has", async () => {
    const help = await runCli(["--help"]);
    const commands = help.stdout.split("Commands:\n")[1]?.split("\n\n")[0] ?? "";
    const listed = [...commands.matchAll(/^ {2}([a-z]+)\b/gm)]
      .map((match) => match[1] ?? "")
      .filter((name) => name !== "help");
    assert.deepEqual([...COMMAND_NAMES].sort(), listed.sort());
  });

  it("is chosen per platform, and named by the command a run gives", () => {
    assert.equal(userCacheHome({}, "linux", "/home/u"), "/home/u/.cache");
    assert.equal(userCacheHome({ XDG_CACHE_HOME: "/x" }, "linux", "/home/u"), "/x");
    assert.equal(userCacheHome({ XDG_CACHE_HOME: "" }, "linux", "/home/u"), "/home/u/.cache");
    assert.equal(userCacheHome({}, "darwin", "/Users/u"), "/Users/u/Library/Caches");
    assert.equal(userCacheHome({ LOCALAPPDATA: "L" }, "win32", "H"), "L");
    assert.equal(compileCacheDir({ GHPKG_COMPILE_CACHE: "off" }), undefined);
    const commands = ["validate", "plan"];
    assert.equal(commandOf(["node", CLI, "--api-url", "x", "plan", "-f", "validate"], commands), "plan");
    assert.equal(commandOf(["node", CLI, "--version"], commands), "ghpkg");
  });
});

function flipped(bytes: Buffer, at: number): Buffer {
  const copy = Buffer.from(bytes);
  copy[at] = (copy[at] ?? 0) ^ 0xff;
  return copy;
}
