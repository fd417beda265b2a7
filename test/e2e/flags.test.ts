import { afterEach, describe, it } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { runCli, startCli } from "../helpers/cli.js";
import { E2E_NOW } from "../helpers/e2e.js";
import { cliEnv, pkg, state, TOKEN } from "../helpers/sandbox.js";
import { at, world, type World } from "../helpers/world.js";

/**
 * Flags and inputs beyond what they can mean are refused in one line, before anything is sent:
 * numbers too large to mean anything (and to give a timer), times without a zone or on no calendar,
 * names and tokens that no request can carry, and a journal whose lines cannot be read.
 */
let w: World | undefined;
afterEach(() => w?.close());

const SPEC =
  "version: 1\nowner: octocat\npackages:\n  - type: npm\n    name: lib\n    delete:\n      - name: 1.0.0\n";
const lib = () => pkg("npm", "lib", [at(1, "1.0.0", 30), at(2, "2.0.0", 20)]);

/** The CLI, ended after 10 s if it has not ended itself (a sandbox that took its flags would serve for ever). */
async function briefly(args: readonly string[]) {
  const { child, result } = startCli(args);
  const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
  try {
    return await result;
  } finally {
    clearTimeout(timer);
  }
}

/** Exit 1, one line on stderr (no stack trace, no Node warning), nothing sent. */
function assertRefused(result: { code: number | null; stderr: string }, line: RegExp): void {
  assert.equal(result.code, 1, result.stderr);
  const lines = result.stderr.split("\n").filter(Boolean);
  assert.equal(lines.length, 1, result.stderr);
  assert.match(lines[0]!, line);
  assert.doesNotMatch(result.stderr, /Warning|\n\s+at /);
}

describe("numeric flags beyond what they can mean", () => {
  for (const [args, message] of [
    [["apply", "--write-interval", "9999999999999"], /--write-interval.*at most 3600000 \(an hour\)/],
    [["apply", "--write-interval", "3600001"], /--write-interval.*at most 3600000 \(an hour\)/],
    [["apply", "--concurrency", "101"], /--concurrency.*from 1 to 100/],
    [["apply", "--max-deletes", "1e30"], /--max-deletes.*whole number/],
    [["apply", "--max-duration", "99999d"], /--max-duration.*at most 35 days/],
    [["plan", "--concurrency", "0"], /--concurrency.*from 1 to 100/],
    [["sandbox", "--port", "70000"], /--port.*from 0 to 65535/],
    [["sandbox", "--latency", "9999999999"], /--latency.*at most 3600000 \(an hour\)/],
    [["sandbox", "--min-mutation-interval", "9999999999"], /--min-mutation-interval.*at most 3600000/],
    [["sandbox", "--max-per-page", "101"], /--max-per-page.*from 1 to 100/],
    [["sandbox", "--seed", "99999999999"], /--seed.*from 0 to 4294967295/],
    [["sandbox", "--max-concurrent", "99999999999999999999"], /--max-concurrent.*whole number/],
  ] as const)
    it(`${args.join(" ")} is refused in one line`, async () => {
      assertRefused(await briefly(args), message);
    });

  it("--write-interval of an hour is taken, with no warning from Node", async () => {
    w = await world(state([lib()]), SPEC);
    const result = await w.cli(["apply", "--yes", "--write-interval", "3600000", "--now", E2E_NOW]);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stderr, "");
    assert.deepEqual(w.active("octocat", "npm", "lib"), [2]);
  });
});

describe("--now takes RFC 3339 with a time zone, and only dates on the calendar", () => {
  for (const [value, message] of [
    ["2026-02-30T00:00:00Z", /2026-02-30 is not a date: February 2026 has 28 days/],
    ["2026-11-24T10:00:00", /expected an RFC 3339 date-time with a time zone/],
    ["2026-11-24", /expected an RFC 3339 date-time with a time zone/],
    ["2026-11-24T25:00:00Z", /25:00:00 is not a time of day/],
    ["2026-11-24T10:00:00+24:00", /\+24:00 is not a time zone offset/],
    ["tomorrow", /expected an RFC 3339 date-time with a time zone/],
  ] as const)
    it(`refuses ${value}`, async () => {
      assertRefused(await briefly(["plan", "--now", value]), message);
      assertRefused(await briefly(["sandbox", "--now", value]), message);
    });

  it("takes Z and an offset, as the same instant", async () => {
    w = await world(state([lib()]), SPEC);
    const utc = await w.cli(["plan", "--format", "json", "--now", "2026-11-24T10:00:00Z"]);
    const offset = await w.cli(["plan", "--format", "json", "--now", "2026-11-24T11:00:00+01:00"]);
    assert.equal(utc.code, 0, utc.stderr);
    assert.equal(offset.code, 0, offset.stderr);
    assert.equal((JSON.parse(offset.stdout) as { created_at: string }).created_at, "2026-11-24T10:00:00Z");
  });
});

describe("names and tokens that no request can carry", () => {
  it("a token holding a newline: one line naming the variable, never the token, nothing sent", async () => {
    w = await world(state([lib()]), SPEC);
    for (const [name, value, what] of [
      ["GITHUB_TOKEN", `${TOKEN}\n`, "a newline"],
      ["GH_TOKEN", `${TOKEN.slice(0, 10)} ${TOKEN.slice(10)}`, "a space"],
      ["GITHUB_TOKEN", `${TOKEN}é`, "a character that is not ASCII"],
    ] as const) {
      const env = { ...cliEnv(w.sandbox.url), GITHUB_TOKEN: "", [name]: value };
      const result = await runCli(["plan", "--now", E2E_NOW], { cwd: w.dir, env });
      assertRefused(
        result,
        new RegExp(
          `^error: ${name} holds ${what} \\(character \\d+\\), which cannot be sent in an HTTP header; set it to the token alone$`,
        ),
      );
      assert.ok(!result.stderr.includes(TOKEN.slice(4, 20)), "the token is never printed");
    }
    assert.deepEqual(w.sandbox.requests, []);
  });

  it("a package name with a lone surrogate is a spec error at validate, and plan sends nothing", async () => {
    w = await world(
      state([lib()]),
      'version: 1\nowner: octocat\npackages:\n  - type: npm\n    name: "lib\\ud800"\n',
    );
    for (const command of [["validate"], ["plan", "--now", E2E_NOW]]) {
      const result = await w.cli(command);
      assert.equal(result.code, 1, result.stderr);
      assert.equal(
        result.stderr,
        "ghpkg.yaml:5:11: `name` holds a lone surrogate (U+D800), which no request can carry\n1 problem in the spec; nothing was changed\n",
      );
    }
    assert.deepEqual(w.sandbox.requests, []);
  });
});

describe("a journal whose lines cannot be read", () => {
  it("is reported (how many, the first line number), never read silently as empty", async () => {
    w = await world(state([lib()]), SPEC);
    const journal = join(w.dir, ".ghpkg", "journal.jsonl");
    const applied = await w.cli(["apply", "--yes", "--write-interval", "0", "--now", E2E_NOW]);
    // Random bytes after the run's own lines.
    writeFileSync(journal, `\u0001\u00ff garbage\n{"not":"an entry"}\n`, { flag: "a" });
    const result = await w.cli(["plan", "--now", E2E_NOW]);
    assert.equal(result.code, 0, result.stderr);
    assert.match(
      result.stderr,
      /^note: 2 lines of the journal \.ghpkg\/journal\.jsonl cannot be read \(the first is line 3\); what they record is not known to this run$/m,
    );
    // undo reads the journal's runs, then plans: the note is said once all the same.
    const [run] = /Run (\S+)\./.exec(applied.stdout)!.slice(1);
    const undo = await w.cli(["undo", run!, "--now", E2E_NOW]);
    assert.equal(undo.stderr.match(/lines of the journal .* cannot be read/g)?.length, 1, undo.stderr);
  });

  it("a last line cut off by a killed run is the tolerated case: a note says it was passed over", async () => {
    w = await world(state([lib()]), SPEC);
    const journal = join(w.dir, ".ghpkg", "journal.jsonl");
    await w.cli(["apply", "--yes", "--write-interval", "0", "--now", E2E_NOW]);
    writeFileSync(journal, '{"time":"2026-11-24T10:00:00Z","run":"x","ev', { flag: "a" });
    const result = await w.cli(["plan", "--now", E2E_NOW]);
    assert.equal(result.code, 0, result.stderr);
    assert.match(
      result.stderr,
      /^note: the last line of the journal \.ghpkg\/journal\.jsonl was cut off \(a run killed while writing it\) and is passed over$/m,
    );
    assert.doesNotMatch(result.stderr, /cannot be read/);
  });
});
