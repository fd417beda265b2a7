import { isAscii } from "node:buffer";
import type * as Crypto from "node:crypto";
import {
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { createRequire } from "node:module";
import { homedir } from "node:os";
import { basename, dirname, join } from "node:path";
import { Script } from "node:vm";
import * as zlib from "node:zlib";

/**
 * Start-up is mostly V8 compiling the bundle's functions on a cold JIT: the YAML parser, RE2, semver,
 * the schema validator. V8 can save what it compiled (its "code cache") and take it back on the next
 * run, which Node offers for ES modules only from Node 22 (`module.enableCompileCache`). Running the
 * CommonJS bundle as a `vm.Script` does the same on every Node we run on.
 *
 * The cache is taken after the run, so it holds the functions the run compiled, not only the top
 * level: one file per command, since `--version` compiles little of what `plan` needs. (Node 22's
 * `module.enableCompileCache()` keeps only what is compiled when a module loads: measured on Node 24,
 * this does better for every command but `--version`.) V8 checks a cache only against the source's
 * length, so a file is used only when its name says it was made from this bundle, on this Node, and
 * its own CRC-32 holds: a torn or damaged file is ignored and made again. It lives in the user's own
 * cache folder, never where another user could write (so whoever could alter it on purpose could as
 * well run anything as that user), and any failure to read or write it is silent: a cache can only
 * make a run faster, never change it. A CRC, not SHA-256: node:crypto alone costs every run 3 ms to
 * load, the eighth of what `--version` takes beyond bare node; zlib's CRC-32 catches what damage does
 * (Node 20.15 and 22.2 have it; without it, no cache is used).
 *
 * `built` is the bundle's digest, written into the launcher when both are built: with it, the bundle
 * is known by that digest, its size and its modification time, and need not be hashed on every run
 * (it is read on every run all the same, and an ASCII bundle, as esbuild writes it, decodes as Latin-1
 * at the cost of a copy).
 */
export function runWithCompileCache(
  bundle: string,
  cacheDir: string | undefined,
  command: string,
  built?: string,
): void {
  const source = readFileSync(bundle);
  const key = () => (built === undefined ? sourceKey(source) : builtKey(bundle, built));
  const file = cacheDir === undefined || !hasCrc32() ? undefined : join(cacheDir, `${command}-${key()}.v8`);
  const cachedData = file === undefined ? undefined : readCache(file);
  const text = isAscii(source) ? source.toString("latin1") : source.toString("utf8");
  const script = new Script(COMMONJS_WRAPPER_START + text + COMMONJS_WRAPPER_END, {
    filename: bundle,
    ...(cachedData === undefined ? {} : { cachedData }),
  });
  if (file !== undefined && (cachedData === undefined || script.cachedDataRejected === true))
    process.once("exit", () => writeCache(file, script));
  const run = script.runInThisContext() as CommonJsFunction;
  const module = { exports: {} };
  run.call(module.exports, module.exports, createRequire(bundle), module, bundle, dirname(bundle));
}

/**
 * The folder for the cache: `$GHPKG_COMPILE_CACHE` (`off` turns it off), else the user's cache folder
 * (`$XDG_CACHE_HOME`, `~/.cache`, `~/Library/Caches` or `%LOCALAPPDATA%`). Undefined when there is
 * none we may trust: not ours, writable by others, or a link.
 */
export function compileCacheDir(env: NodeJS.ProcessEnv, platform = process.platform): string | undefined {
  const chosen = env.GHPKG_COMPILE_CACHE;
  if (chosen === "off") return undefined;
  try {
    // homedir() throws for a user with neither $HOME nor an entry in the user database.
    const dir = chosen || join(userCacheHome(env, platform), "ghpkg", "v8");
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    return trusted(dir) ? dir : undefined;
  } catch {
    return undefined;
  }
}

/** The cache's name for a run: its command, so each command's cache holds what that command compiles. */
export function commandOf(argv: readonly string[], commands: readonly string[]): string {
  return argv.slice(2).find((arg) => commands.includes(arg)) ?? "ghpkg";
}

type CommonJsFunction = (
  this: unknown,
  exports: unknown,
  require: NodeJS.Require,
  module: { exports: unknown },
  filename: string,
  dirname: string,
) => void;

// Node's own CommonJS wrapper, on the bundle's first line so its line numbers stay true.
const COMMONJS_WRAPPER_START = "(function (exports, require, module, __filename, __dirname) { ";
const COMMONJS_WRAPPER_END = "\n})";
const MAGIC = Buffer.from("ghpkg-v8-cache-2\n");
const CRC_BYTES = 4;

// Typed as always there, but new in Node 20.15 and 22.2.
const hasCrc32 = () => typeof (zlib as { crc32?: unknown }).crc32 === "function";
const hex8 = (n: number) => n.toString(16).padStart(8, "0");

/**
 * The bundle as built (its digest), as it is now (size, modification time), and the Node running it:
 * the digest's first 96 bits name the build, a CRC-32 of the rest tells its copies and Nodes apart.
 */
function builtKey(bundle: string, digest: string): string {
  const { size, mtimeMs } = statSync(bundle);
  return digest.slice(0, 24) + hex8(zlib.crc32(`${size}\0${mtimeMs}\0${process.version}\0${process.arch}`));
}

/** An unbundled launcher (no digest built in) hashes the bundle itself, loading node:crypto to. */
function sourceKey(source: Buffer): string {
  const { createHash } = createRequire(import.meta.url)("node:crypto") as typeof Crypto;
  return createHash("sha256")
    .update(source)
    .update(`\0${process.version}\0${process.arch}`)
    .digest("hex")
    .slice(0, 32);
}

/** The cached data if the file is whole and undamaged: MAGIC, then the CRC-32 of the data, then the data. */
function readCache(file: string): Buffer | undefined {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch {
    return undefined;
  }
  const header = MAGIC.length + CRC_BYTES;
  if (bytes.length <= header || !bytes.subarray(0, MAGIC.length).equals(MAGIC)) return undefined;
  const data = bytes.subarray(header);
  return zlib.crc32(data) === bytes.readUInt32BE(MAGIC.length) ? data : undefined;
}

/** Written beside the cache and renamed over it: a run killed mid-write leaves no torn cache behind. */
function writeCache(file: string, script: Script): void {
  const partial = `${file}.${process.pid}.partial`;
  try {
    const data = script.createCachedData();
    const crc = Buffer.alloc(CRC_BYTES);
    crc.writeUInt32BE(zlib.crc32(data));
    writeFileSync(partial, Buffer.concat([MAGIC, crc, data]), { mode: 0o600, flag: "wx" });
    renameSync(partial, file);
    removeOutdated(file);
  } catch {
    rmSync(partial, { force: true });
  }
}

/** After an upgrade, the same command's caches of older bundles (and writes a kill cut short) go. */
function removeOutdated(file: string): void {
  const dir = dirname(file);
  const command = basename(file).replace(/-[0-9a-f]+\.v8$/, "-");
  const stale = Date.now() - 10 * 60_000;
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (path === file) continue;
    const outdated = name.startsWith(command) && name.endsWith(".v8");
    if (outdated || (name.endsWith(".partial") && lstatSync(path).mtimeMs < stale))
      rmSync(path, { force: true });
  }
}

/** Where the platform keeps a user's caches. */
export function userCacheHome(env: NodeJS.ProcessEnv, platform: NodeJS.Platform, home = homedir()): string {
  if (platform === "win32") return env.LOCALAPPDATA || join(home, "AppData", "Local");
  if (platform === "darwin") return join(home, "Library", "Caches");
  return env.XDG_CACHE_HOME || join(home, ".cache");
}

/**
 * Whoever can write the cache can choose the code ghpkg runs: only a folder of ours alone will do.
 * (So `sudo ghpkg` with the user's $HOME does not run what the user's cache holds.)
 */
function trusted(dir: string): boolean {
  const stat = lstatSync(dir);
  if (!stat.isDirectory()) return false;
  if (process.getuid === undefined) return true; // Windows: a profile folder is its user's own
  return stat.uid === process.getuid() && (stat.mode & 0o022) === 0;
}
