import type { ImageReference } from "../model/usage.js";

/**
 * Image references to one registry in any text — Kubernetes manifests, Helm values, Compose files,
 * Dockerfiles, workflows, Terraform, `kubectl get pods -o jsonpath='{..image}'` — found in one
 * linear pass over the bytes, whatever the file is (text, binary, one line of 100 MB). The bytes
 * are fed in chunks; what is held between two is bounded by the longest reference (about 1.4 KB),
 * so memory stays at about one chunk whatever the file's size or the length of its lines.
 *
 * A reference is `HOST/PATH:TAG`, `HOST/PATH@sha256:DIGEST` or `HOST/PATH:TAG@sha256:DIGEST`:
 * - HOST is the registry's, compared without regard to case, and must not continue a longer word
 *   (`myghcr.io`) or a path (`docker.io/ghcr.io/…`); after a URL scheme (`docker://`) it counts;
 * - PATH is `OWNER/NAME` (NAME may hold `/`), read whole: `ghcr.io/o/web-api` is not `o/web`;
 * - TAG is Docker's `[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}`, read whole: `web:v1.2` is not `web:v1`;
 * - DIGEST is exactly 64 lower-case hex digits; with a tag, the digest is what is pulled, and counts alone.
 * A reference with neither tag nor digest names no version, and is passed over.
 */
export interface ImageScanner {
  push(chunk: Buffer): void;
  /** Every reference found, in file order; `last` is the file's last chunk (or the whole file). */
  end(last?: Buffer): ImageReference[];
}

const MAX_PATH = 1024;
const MAX_TAG = 128;
const DIGEST = Buffer.from("sha256:");
const DIGEST_HEX = 64;
// `://` before a host: the most a boundary check looks back.
const LOOKBEHIND = 3;
const EMPTY = Buffer.alloc(0);

/**
 * `HOST/`, found by Horspool's skips over case-folded bytes. Its `/` is its only slash, so a
 * comparison runs back from a slash in the text and stops at the one before: each byte is compared
 * a bounded number of times, and most are skipped, whatever the file holds. Made once per host.
 */
const searches = new Map<string, { pattern: Buffer; skip: Uint16Array }>();
function searchFor(host: string): { pattern: Buffer; skip: Uint16Array } {
  let search = searches.get(host);
  if (search) return search;
  const pattern = Buffer.from(`${host.toLowerCase()}/`, "latin1");
  const m = pattern.length;
  const skip = new Uint16Array(256).fill(m);
  for (let k = 0; k < m - 1; k++) {
    const b = pattern[k]!;
    skip[b] = m - 1 - k;
    if (b >= 0x61 && b <= 0x7a) skip[b - 0x20] = m - 1 - k;
  }
  search = { pattern, skip };
  searches.set(host, search);
  return search;
}

/** ASCII letters folded to lower case; every other byte is itself. */
const FOLD = Uint8Array.from({ length: 256 }, (_, b) => (b >= 0x41 && b <= 0x5a ? b + 0x20 : b));

/**
 * `wanted` says which repositories (`owner/name`, lower case) to keep references to: those of the
 * packages the plan governs. Memory is then one chunk, plus the references to those packages.
 */
export function imageScanner(
  host: string,
  file: string,
  wanted: (repository: string) => boolean = () => true,
): ImageScanner {
  const { pattern, skip } = searchFor(host);
  const m = pattern.length;
  // The longest reference, plus the byte after it that ends it.
  const maxReference = m + MAX_PATH + 1 + MAX_TAG + 1 + DIGEST.length + DIGEST_HEX + 2;
  const found: ImageReference[] = [];
  // The bytes held between chunks (at most a reference's length) sit at the front of one buffer
  // that the next chunk is copied after; a file read in one chunk is scanned where it lies.
  let work = EMPTY;
  let held = 0;
  /** Offsets in the whole file: where `work` starts, where the next search starts, how far lines are counted. */
  let pendingStart = 0;
  let resumeAt = 0;
  let countedTo = 0;
  let line = 1;

  const countLines = (buf: Buffer, to: number) => {
    const end = to - pendingStart;
    for (
      let i = buf.indexOf(0x0a, countedTo - pendingStart);
      i !== -1 && i < end;
      i = buf.indexOf(0x0a, i + 1)
    )
      line++;
    countedTo = Math.max(countedTo, to);
  };

  const scan = (buf: Buffer, final: boolean) => {
    // A candidate starting before `limit` has every byte it could need in `buf`.
    const limit = final ? buf.length : Math.max(0, buf.length - maxReference);
    let i = Math.max(0, resumeAt - pendingStart) + m - 1;
    let resume: number | undefined;
    while (i < buf.length) {
      const b = buf[i]!;
      if (b === SLASH) {
        let k = m - 2;
        let q = i - 1;
        for (; k >= 0 && FOLD[buf[q]!] === pattern[k]; k--) q--;
        const at = i - m + 1;
        if (k < 0 && at >= limit) {
          resume = at;
          break;
        }
        if (k < 0 && boundaryBefore(buf, at, pendingStart + at === 0)) {
          const parsed = readReference(buf, i + 1, wanted);
          if (parsed.reference) {
            countLines(buf, pendingStart + at);
            found.push({ file, line, ...parsed.reference });
          }
          i = Math.max(parsed.end, i + 1) + m - 1;
          continue;
        }
      }
      i += skip[b]!;
    }
    resume ??= i - m + 1;
    resumeAt = pendingStart + resume;
    if (final) return;
    // Keep what the next chunk's candidates may need: the unsearched tail, and a few bytes before it.
    const cut = Math.max(0, Math.min(resume, buf.length) - LOOKBEHIND);
    countLines(buf, pendingStart + cut);
    held = buf.length - cut;
    if (buf.buffer === work.buffer) buf.copyWithin(0, cut);
    else {
      if (held > work.length) work = Buffer.allocUnsafe(held);
      buf.copy(work, 0, cut);
    }
    pendingStart += cut;
  };

  return {
    push(chunk) {
      if (held === 0) return scan(chunk, false);
      const total = held + chunk.length;
      if (total > work.length) {
        const larger = Buffer.allocUnsafe(Math.max(total, 2 * work.length));
        work.copy(larger, 0, 0, held);
        work = larger;
      }
      chunk.copy(work, held);
      scan(work.subarray(0, total), false);
    },
    end(last) {
      if (last && held === 0) {
        // A file read whole is scanned where it lies, and lines are counted only up to references.
        scan(last, true);
        work = EMPTY;
        return found;
      }
      if (last) this.push(last);
      scan(work.subarray(0, held), true);
      work = EMPTY;
      held = 0;
      return found;
    },
  };
}

/** Every reference to `host` in a whole text (tests, and files already in memory). */
export function imageReferences(text: string | Buffer, host: string, file = ""): ImageReference[] {
  return imageScanner(host, file).end(typeof text === "string" ? Buffer.from(text, "utf8") : text);
}

const at = (buf: Buffer, i: number) => (i >= 0 && i < buf.length ? buf[i]! : -1);
const isAlnum = (c: number) =>
  (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
const isHex = (c: number) => (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66);
const isWordish = (c: number) => isAlnum(c) || c === 0x5f /* _ */ || c === 0x2e /* . */ || c === 0x2d; /* - */
const isPathChar = (c: number) => isWordish(c) || c === SLASH;
const SLASH = 0x2f;
const COLON = 0x3a;

/** The host starts a reference: not the tail of a longer name or of another reference's path. */
function boundaryBefore(buf: Buffer, start: number, startOfFile: boolean): boolean {
  if (startOfFile) return true;
  const before = at(buf, start - 1);
  if (isWordish(before)) return false;
  if (before !== SLASH) return true;
  // `docker://ghcr.io/…` names the host; `docker.io/ghcr.io/…` is a path on another registry.
  return at(buf, start - 2) === SLASH && at(buf, start - 3) === COLON;
}

/**
 * The path, tag and digest after `HOST/`. `end` is where scanning goes on; `reference` is absent
 * when the text there is no reference to a version.
 */
function readReference(
  buf: Buffer,
  start: number,
  wanted: (repository: string) => boolean,
): { end: number; reference?: Omit<ImageReference, "file" | "line"> } {
  let i = start;
  let parts = 1;
  let emptyPart = at(buf, i) === SLASH;
  for (let c = at(buf, i); i - start <= MAX_PATH && isPathChar(c); c = at(buf, ++i))
    if (c === SLASH) {
      parts++;
      emptyPart ||= at(buf, i + 1) === SLASH || !isPathChar(at(buf, i + 1));
    }
  // `OWNER/NAME…`: at least two parts, none empty.
  if (i - start > MAX_PATH || parts < 2 || emptyPart) return { end: i };
  const repository = buf.toString("latin1", start, i).toLowerCase();
  let tag: string | undefined;
  if (at(buf, i) === COLON) {
    const tagStart = i + 1;
    let j = tagStart;
    if (isAlnum(at(buf, j)) || at(buf, j) === 0x5f)
      while (j - tagStart <= MAX_TAG && isWordish(at(buf, j))) j++;
    // No tag, one too long, or `:5000/…` (a port and a path, not a tag).
    if (j === tagStart || j - tagStart > MAX_TAG || at(buf, j) === SLASH) return { end: j };
    tag = buf.toString("latin1", tagStart, j);
    i = j;
  }
  if (!wanted(repository)) return { end: i };
  if (at(buf, i) === 0x40 /* @ */) {
    const digestStart = i + 1;
    const hexStart = digestStart + DIGEST.length;
    if (!buf.subarray(digestStart, hexStart).equals(DIGEST)) return { end: digestStart };
    let j = hexStart;
    while (j - hexStart <= DIGEST_HEX && isHex(at(buf, j))) j++;
    // Exactly 64 hex digits, and not the start of something longer.
    if (j - hexStart !== DIGEST_HEX || isAlnum(at(buf, j))) return { end: j };
    return { end: j, reference: { repository, digest: buf.toString("latin1", digestStart, j) } };
  }
  return tag === undefined ? { end: i } : { end: i, reference: { repository, tag } };
}
