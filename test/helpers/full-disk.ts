import { execFileSync } from "node:child_process";
import { appendFileSync, mkdtempSync, readdirSync, rmSync, statfsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestContext } from "node:test";

/** A small filesystem of the test's own that can be filled to the byte: a tmpfs, mounted for one test. */
export interface SmallDisk {
  /** Where it is mounted. */
  readonly dir: string;
  /** The filesystem's unit: space is handed out in whole blocks (pages, on tmpfs). */
  readonly blockSize: number;
  /** Blocks a file can still take. */
  freeBlocks(): number;
  /** Fills it until exactly `blocks` blocks are left (0: full), with a filler file in `dir`. */
  leave(blocks: number): void;
  /** Removes the filler: the space is back. */
  empty(): void;
  /** The names in `dir`, the filler left out: what the code under test left behind. */
  entries(sub?: string): string[];
}

const FILLER = ".filler";

/**
 * Mounts a tmpfs of `kib` KiB for this test and unmounts it after. Mounting needs root (or
 * CAP_SYS_ADMIN): elsewhere, as on a CI runner that is not root, the test is skipped, saying why,
 * and this returns undefined (the test then returns at once).
 */
export function smallDisk(t: TestContext, kib: number): SmallDisk | undefined {
  if (process.platform !== "linux" || process.getuid?.() !== 0) {
    t.skip("a real full disk needs a tmpfs mount, which needs root on Linux");
    return undefined;
  }
  const dir = mkdtempSync(join(tmpdir(), "ghpkg-disk-"));
  try {
    execFileSync("mount", ["-t", "tmpfs", "-o", `size=${kib}k,mode=0755`, "tmpfs", dir], { stdio: "pipe" });
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    const why = (error as { stderr?: Buffer }).stderr?.toString().trim() || (error as Error).message;
    t.skip(`cannot mount a tmpfs here: ${why}`);
    return undefined;
  }
  t.after(() => {
    // Lazy: a child the test killed may still hold a file open for a moment.
    execFileSync("umount", ["-l", dir], { stdio: "pipe" });
    rmSync(dir, { recursive: true, force: true });
  });
  const filler = join(dir, FILLER);
  const stats = () => statfsSync(dir);
  const disk: SmallDisk = {
    dir,
    blockSize: stats().bsize,
    freeBlocks: () => stats().bavail,
    leave(blocks) {
      const surplus = disk.freeBlocks() - blocks;
      if (surplus < 0) throw new Error(`the disk has only ${disk.freeBlocks()} blocks free, not ${blocks}`);
      if (surplus > 0) appendFileSync(filler, Buffer.alloc(surplus * disk.blockSize));
      if (disk.freeBlocks() !== blocks)
        throw new Error(`filled to ${disk.freeBlocks()} blocks, not ${blocks}`);
    },
    empty: () => rmSync(filler, { force: true }),
    entries: (sub = "") => readdirSync(join(dir, sub)).filter((name) => name !== FILLER),
  };
  return disk;
}
