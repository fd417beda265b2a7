import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { applyOperations } from "../../src/apply/apply.js";
import { openJournal, readJournal } from "../../src/journal/journal.js";
import { GitHubError } from "../../src/live/github-error.js";
import type { PackageSource } from "../../src/live/source.js";
import type { Operation } from "../../src/plan/types.js";
import { memorySource } from "../helpers/memory-source.js";
import { NOW, version } from "../helpers/versions.js";

const LIB = { owner: "octocat", type: "npm", name: "lib" } as const;
const serverError = () => new GitHubError("GitHub answered 502", 502, "Server Error");

/** GitHub behind a proxy that answers 502 to every mutation: `carriedOut` says whether GitHub did it first. */
function losingAnswers(carriedOut: boolean): PackageSource & { mutations: string[] } {
  const inner = memorySource(
    [{ ref: LIB, versions: [version(1, "1.0.0", 9), version(2, "1.0.1", 1)] }],
    "octocat",
    () => NOW,
  );
  return {
    ...inner,
    mutations: inner.mutations,
    deleteVersion: async (ref, id) => {
      if (carriedOut) await inner.deleteVersion(ref, id);
      throw serverError();
    },
  };
}

const op: Operation = { action: "delete", ref: LIB, version: version(1, "1.0.0", 9), reason: "test" };

async function apply(source: PackageSource) {
  const path = join(mkdtempSync(join(tmpdir(), "ghpkg-recheck-")), "journal.jsonl");
  const journal = openJournal(path, "run");
  const { results } = await applyOperations(source, [op], journal, { concurrency: 1, writeIntervalMs: 0 });
  journal.close();
  return { result: results[0], journal: readJournal(path) };
}

describe("a failure whose answer may have been lost is looked at before it is reported", () => {
  it("regression: 5xx through every retry, but the delete happened: done, already gone", async () => {
    const { result, journal } = await apply(losingAnswers(true));
    assert.deepEqual([result?.outcome, result?.message], ["done", "already gone"]);
    assert.deepEqual(
      journal.map((e) => e.event),
      ["sent", "done"],
    );
  });

  it("5xx through every retry, and the version is still there: failed, with GitHub's message", async () => {
    const { result, journal } = await apply(losingAnswers(false));
    assert.deepEqual([result?.outcome, result?.message], ["failed", "Server Error"]);
    assert.deepEqual(
      journal.map((e) => `${e.event} ${e.message ?? ""}`),
      ["sent ", "failed Server Error"],
    );
  });
});
