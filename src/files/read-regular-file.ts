import { constants } from "node:fs";
import { open } from "node:fs/promises";

/** Why a path was not read: not a regular file (what it is instead), or larger than allowed. */
export class NotReadable extends Error {
  override readonly name: string = "NotReadable";
  constructor(
    readonly kind: "not a regular file" | "too large",
    /** For a file that is not regular: `a FIFO`, `a device`, `a socket`, `a folder`. */
    readonly what: string,
  ) {
    super(kind === "too large" ? "too large" : `not a regular file (${what})`);
  }
}

const CHUNK = 1024 * 1024;

/**
 * The bytes of a regular file of at most `maxBytes`. Opened without blocking and checked once open,
 * so a FIFO (which would wait for a writer forever) or a device (`/dev/zero` never ends) is refused
 * before anything is read; a file larger than allowed, before it is read, and one that grows past
 * it while read, as soon as it does. Read a chunk at a time off the event loop, so that a signal
 * (Ctrl-C, SIGTERM) is handled while it reads. Errors of the file system are thrown as they come
 * (with their `code`), for the caller to put in words.
 */
export async function readRegularFile(path: string, maxBytes: number): Promise<Buffer> {
  const file = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const stats = await file.stat();
    if (!stats.isFile()) throw new NotReadable("not a regular file", kindOf(stats));
    if (stats.size > maxBytes) throw new NotReadable("too large", "a file");
    const chunks: Buffer[] = [];
    let size = 0;
    for (;;) {
      const chunk = Buffer.alloc(Math.min(CHUNK, maxBytes + 1 - size));
      const { bytesRead } = await file.read(chunk, 0, chunk.length, null);
      if (bytesRead === 0) return Buffer.concat(chunks, size);
      size += bytesRead;
      if (size > maxBytes) throw new NotReadable("too large", "a file");
      chunks.push(chunk.subarray(0, bytesRead));
    }
  } finally {
    await file.close();
  }
}

function kindOf(stats: {
  isFIFO(): boolean;
  isCharacterDevice(): boolean;
  isBlockDevice(): boolean;
  isSocket(): boolean;
  isDirectory(): boolean;
}): string {
  if (stats.isFIFO()) return "a FIFO";
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return "a device";
  if (stats.isSocket()) return "a socket";
  if (stats.isDirectory()) return "a folder";
  return "not a file";
}
