import { closeSync, mkdirSync, openSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { appendWhole } from "../files/append-whole.js";

/**
 * The cached manifests of one repository (`owner/name`) in one append-only file: a warm plan of a
 * 100,000-version package opens one file, not 100,000. Each entry is `sha256:<hex> <length>\n`, the
 * manifest's bytes exactly as the registry sent them, and `\n`. Entries are not trusted as stored:
 * the reader hashes each one it uses against its digest (see client.ts), so an edited, cut-off or
 * interleaved entry only costs a download again. A digest's last entry counts.
 */
export interface ManifestPack {
  /** The stored bytes for this digest (64 hex digits), unverified; undefined when none are stored. */
  get(hex: string): Buffer | undefined;
  /** Appends an entry, whole in one write; never fatal: the cache only saves downloads. */
  add(hex: string, bytes: Buffer): void;
}

const HEADER = /^sha256:([0-9a-f]{64}) (\d+)$/;

export function packPath(cacheDir: string, repository: string): string {
  return join(cacheDir, "packs", `${encodeURIComponent(repository.toLowerCase())}.pack`);
}

export function openPack(path: string): ManifestPack {
  const stored = readPack(path);
  const added = new Map<string, Buffer>();
  return {
    get: (hex) => added.get(hex) ?? stored.get(hex),
    add(hex, bytes) {
      added.set(hex, bytes);
      let fd: number | undefined;
      try {
        mkdirSync(dirname(path), { recursive: true });
        fd = openSync(path, "a");
        // Whole or not at all: an entry that a full disk cut short would hide every one appended after it.
        appendWhole(fd, Buffer.concat([Buffer.from(`sha256:${hex} ${bytes.length}\n`), bytes, NEWLINE]));
      } catch {
        // Not cached: the next plan downloads it again.
      } finally {
        if (fd !== undefined) closeQuietly(fd);
      }
    },
  };
}

function closeQuietly(fd: number): void {
  try {
    closeSync(fd);
  } catch {
    // nothing to do: the entry was written or taken back already
  }
}

/** A pack as read: one buffer, and where each digest's bytes are in it (no object per entry). */
export interface StoredPack {
  readonly size: number;
  get(hex: string): Buffer | undefined;
  keys(): IterableIterator<string>;
}

const NEWLINE = Buffer.from("\n");

/** Every well-formed entry of a pack, by digest; what is not one is passed over, up to the next header. */
export function readPack(path: string): StoredPack {
  const at = new Map<string, number>();
  const starts: number[] = [];
  const ends: number[] = [];
  let file = Buffer.alloc(0);
  try {
    file = readFileSync(path);
  } catch {
    // Nothing cached yet.
  }
  for (let next = 0; next < file.length;) {
    const end = file.indexOf(0x0a, next);
    if (end < 0) break;
    const header = HEADER.exec(file.toString("latin1", next, end));
    const length = Number(header?.[2]);
    const start = end + 1;
    if (!header?.[1] || start + length >= file.length || file[start + length] !== 0x0a) {
      // Not a whole entry (cut off by a crash, or by a full disk under an older ghpkg): entries
      // appended after it would otherwise never be read, and their manifests downloaded on every plan.
      const resume = nextHeader(file, next + 1);
      if (resume === undefined) break;
      next = resume;
      continue;
    }
    // The digest copied out of the header line: a regular expression's group would be a slice that
    // keeps the whole line alive (100,000 of them in a 100,000-version pack).
    at.set(
      file.toString("latin1", next + HEADER_START.length, next + HEADER_START.length + 64),
      starts.length,
    );
    starts.push(start);
    ends.push(start + length);
    next = start + length + 1;
  }
  return {
    size: at.size,
    keys: () => at.keys(),
    get(hex) {
      const i = at.get(hex);
      return i === undefined ? undefined : file.subarray(starts[i], ends[i]);
    },
  };
}

const HEADER_START = Buffer.from("sha256:");
/** `sha256:<hex> <length>\n`, the most a header line can be: the digest, a space, a length, a newline. */
const HEADER_AT = /^sha256:[0-9a-f]{64} \d{1,15}\n/;

/**
 * Where the next header line begins, from `from` on. A manifest names digests as `"sha256:…"` inside
 * its JSON, never followed by a space and a length and a newline, so only a real header matches (and
 * whatever matches is still verified against its digest when used).
 */
function nextHeader(file: Buffer, from: number): number | undefined {
  for (let at = file.indexOf(HEADER_START, from); at >= 0; at = file.indexOf(HEADER_START, at + 1))
    if (HEADER_AT.test(file.toString("latin1", at, Math.min(file.length, at + 7 + 64 + 1 + 15 + 1))))
      return at;
  return undefined;
}
