import { createHash } from "node:crypto";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";

/** Where the Actions cache keeps things: the one part of the Action that talks to it. */
export interface CacheStore {
  /** The key of what was restored (the exact key, else the newest matching a restore key), or undefined. */
  restore(paths: string[], key: string, restoreKeys: string[]): Promise<string | undefined>;
  save(paths: string[], key: string): Promise<void>;
}

export interface StatePlace {
  /** The `.ghpkg/` folder (journal and manifest cache), as ghpkg finds it. */
  readonly dir: string;
  /** Unique to this run and step: caches cannot be overwritten, so each save is a new entry. */
  readonly key: string;
  /** The prefix shared by every run of the same owners and spec: the newest entry with it is restored. */
  readonly restoreKeys: readonly string[];
}

/**
 * Keys by the packages' owners and the spec paths, so two specs in one repository never share a
 * journal, and a fresh key every run: the newest save is what the next run restores.
 */
export function statePlace(
  dir: string,
  owners: readonly string[],
  specs: readonly string[],
  env: NodeJS.ProcessEnv,
  nowMs: number,
): StatePlace {
  const digest = (text: string) => createHash("sha256").update(text).digest("hex").slice(0, 12);
  const sorted = [...new Set(owners)].sort();
  // Keys may not hold commas and are limited to 512 characters: long owner lists are digested.
  const who = sorted.length <= 3 ? sorted.join("+") : `${sorted.length}-owners-${digest(sorted.join("\n"))}`;
  const prefix = `ghpkg-state-${who}-${digest(specs.join("\n"))}-`;
  const run = `${env.GITHUB_RUN_ID ?? "local"}-${env.GITHUB_RUN_ATTEMPT ?? "1"}-${nowMs}`;
  return { dir, key: `${prefix}${run}`, restoreKeys: [prefix] };
}

/**
 * Runs `work` with `.ghpkg/` restored from the cache before and saved after, also when the work
 * fails (a failed apply's journal is exactly what the next run needs), and only when it changed.
 * The cache is a help, never a reason to fail: without the service (outside Actions, or a
 * GitHub Enterprise Server without it) or when it errs, the run goes on with a note.
 */
export async function withKeptState<T>(
  store: CacheStore | undefined,
  place: StatePlace,
  note: (message: string) => void,
  work: () => Promise<T>,
): Promise<T> {
  if (!store) {
    note(`no Actions cache service here: ${place.dir} is not kept between runs`);
    return work();
  }
  const paths = [place.dir];
  try {
    const restored = await store.restore(paths, place.key, [...place.restoreKeys]);
    note(
      restored
        ? `restored ${place.dir} from the cache (${restored})`
        : `no earlier ${place.dir} in the cache`,
    );
  } catch (error) {
    note(`could not restore ${place.dir} from the cache: ${message(error)}`);
  }
  const before = fingerprint(place.dir);
  try {
    return await work();
  } finally {
    const after = fingerprint(place.dir);
    if (after === undefined || after === before) note(`${place.dir} unchanged; nothing to save`);
    else
      try {
        await store.save(paths, place.key);
        note(`saved ${place.dir} to the cache (${place.key})`);
      } catch (error) {
        note(`could not save ${place.dir} to the cache: ${message(error)}`);
      }
  }
}

/**
 * What the folder holds, cheaply: the journal only grows and a cached manifest never changes once
 * written, so names and sizes tell whether anything changed.
 */
export function fingerprint(dir: string): string | undefined {
  if (!existsSync(dir)) return undefined;
  const entries: string[] = [];
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else entries.push(`${relative(dir, path)}\t${statSync(path).size}`);
    }
  };
  walk(dir);
  return entries.sort().join("\n");
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));
