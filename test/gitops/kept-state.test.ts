import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { appendFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fingerprint, statePlace, withKeptState, type CacheStore } from "../../src/gitops/kept-state.js";

/**
 * A cache with the Actions cache's rules, on disk: entries are immutable, a key restores exactly,
 * else the newest entry whose key starts with a restore key.
 */
function folderCache(root: string): CacheStore & { keys: string[] } {
  const keys: string[] = [];
  return {
    keys,
    restore(paths, key, restoreKeys) {
      const hit = keys.includes(key)
        ? key
        : restoreKeys.flatMap((p) => keys.filter((k) => k.startsWith(p)).slice(-1))[0];
      if (hit) for (const path of paths) cpSync(join(root, hit, "x"), path, { recursive: true });
      return Promise.resolve(hit);
    },
    save(paths, key) {
      if (keys.includes(key)) return Promise.reject(new Error(`Unable to reserve cache with key ${key}`));
      for (const path of paths) cpSync(path, join(root, key, "x"), { recursive: true });
      keys.push(key);
      return Promise.resolve();
    },
  };
}

const env = { GITHUB_RUN_ID: "77", GITHUB_RUN_ATTEMPT: "2" };

describe("keeping .ghpkg/ between runs", () => {
  it("keys by owners and spec paths, unique per run, restoring the newest by prefix", () => {
    const a = statePlace(".ghpkg", ["octocat", "hubot", "octocat"], ["ghpkg.yaml"], env, 1000);
    assert.match(a.key, /^ghpkg-state-hubot\+octocat-[0-9a-f]{12}-77-2-1000$/);
    assert.deepEqual(a.restoreKeys, [a.key.replace(/77-2-1000$/, "")]);
    const otherSpec = statePlace(".ghpkg", ["octocat"], ["teams/"], env, 1000);
    assert.notEqual(
      otherSpec.restoreKeys[0],
      statePlace(".ghpkg", ["octocat"], ["ghpkg.yaml"], env, 1000).restoreKeys[0],
    );
    const many = statePlace(".ghpkg", ["a", "b", "c", "d"], ["x.yaml"], env, 1);
    assert.match(many.key, /^ghpkg-state-4-owners-[0-9a-f]{12}-/);
    assert.ok(!many.key.includes(","), "the cache refuses commas in keys");
  });

  it("the next run gets what the last one saved, even when the last one failed", async () => {
    const root = mkdtempSync(join(tmpdir(), "ghpkg-kept-"));
    const cache = folderCache(join(root, "cache"));
    const dir = join(root, "workspace", ".ghpkg");
    const notes: string[] = [];
    const first = statePlace(dir, ["octocat"], ["ghpkg.yaml"], env, 1);
    await assert.rejects(
      withKeptState(
        cache,
        first,
        (n) => notes.push(n),
        () => {
          mkdirSync(dir, { recursive: true });
          writeFileSync(join(dir, "journal.jsonl"), '{"event":"sent"}\n');
          return Promise.reject(new Error("apply failed half-way"));
        },
      ),
      /apply failed half-way/,
    );
    assert.deepEqual(cache.keys, [first.key], "saved although the work failed");

    rmSync(join(root, "workspace"), { recursive: true }); // a new runner
    const second = statePlace(dir, ["octocat"], ["ghpkg.yaml"], env, 2);
    const code = await withKeptState(
      cache,
      second,
      (n) => notes.push(n),
      () => {
        assert.equal(readFileSync(join(dir, "journal.jsonl"), "utf8"), '{"event":"sent"}\n');
        appendFileSync(join(dir, "journal.jsonl"), '{"event":"done"}\n');
        return Promise.resolve(1);
      },
    );
    assert.equal(code, 1);
    assert.deepEqual(cache.keys, [first.key, second.key]);
    assert.ok(notes.some((n) => n.startsWith(`restored ${dir} from the cache (${first.key})`)));
  });

  it("saves nothing when nothing changed, and a cache that errs is only noted", async () => {
    const root = mkdtempSync(join(tmpdir(), "ghpkg-kept-"));
    const dir = join(root, ".ghpkg");
    mkdirSync(join(dir, "cache"), { recursive: true });
    writeFileSync(join(dir, "cache", "m.json"), "{}");
    const saves: string[] = [];
    const unchanged: CacheStore = {
      restore: () => Promise.resolve(undefined),
      save: (_paths, key) => Promise.resolve(void saves.push(key)),
    };
    const notes: string[] = [];
    await withKeptState(
      unchanged,
      statePlace(dir, [], ["a"], env, 1),
      (n) => notes.push(n),
      () => Promise.resolve(0),
    );
    assert.deepEqual(saves, []);
    assert.ok(notes.includes(`${dir} unchanged; nothing to save`));

    const broken: CacheStore = {
      restore: () => Promise.reject(new Error("service unavailable")),
      save: () => Promise.reject(new Error("service unavailable")),
    };
    const result = await withKeptState(
      broken,
      statePlace(dir, [], ["a"], env, 2),
      (n) => notes.push(n),
      () => {
        writeFileSync(join(dir, "journal.jsonl"), "{}\n");
        return Promise.resolve(0);
      },
    );
    assert.equal(result, 0);
    assert.ok(notes.includes(`could not restore ${dir} from the cache: service unavailable`));
    assert.ok(notes.includes(`could not save ${dir} to the cache: service unavailable`));
  });

  it("without a cache service the work simply runs, with one note", async () => {
    const notes: string[] = [];
    const result = await withKeptState(
      undefined,
      statePlace(".ghpkg", [], ["a"], env, 1),
      (n) => notes.push(n),
      () => Promise.resolve("ran"),
    );
    assert.equal(result, "ran");
    assert.deepEqual(notes, ["no Actions cache service here: .ghpkg is not kept between runs"]);
  });

  it("a fingerprint changes when the journal grows or a manifest is added, not otherwise", () => {
    const dir = mkdtempSync(join(tmpdir(), "ghpkg-print-"));
    writeFileSync(join(dir, "journal.jsonl"), "a\n");
    const before = fingerprint(dir);
    assert.equal(fingerprint(dir), before);
    appendFileSync(join(dir, "journal.jsonl"), "b\n");
    const grown = fingerprint(dir);
    assert.notEqual(grown, before);
    mkdirSync(join(dir, "cache"));
    writeFileSync(join(dir, "cache", "sha256-1.json"), "{}");
    assert.notEqual(fingerprint(dir), grown);
    assert.equal(fingerprint(join(dir, "missing")), undefined);
  });
});
