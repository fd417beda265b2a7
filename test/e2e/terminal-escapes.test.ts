import { afterEach, describe, it } from "node:test";
import assert from "node:assert/strict";
import type { SandboxVersion } from "../../src/sandbox/state.js";
import { E2E_NOW } from "../helpers/e2e.js";
import { imageVersion, platformImage } from "../helpers/images.js";
import { pkg, state } from "../helpers/sandbox.js";
import { at, world, type World } from "../helpers/world.js";

/**
 * Version names and tags are written by whoever can publish: none of their control characters (C0,
 * C1, DEL), bidirectional overrides or lone surrogates reaches a person raw, so a publisher cannot
 * hide or fake a line of a plan a reviewer reads, in a terminal or a pull-request comment.
 */
let w: World | undefined;
afterEach(() => w?.close());

const HOSTILE = [
  "1.0.0\r- delete 9.9.9",
  "2.0.0\n  - delete octocat/npm/other",
  "\u001b[31m3.0.0\u001b[0m",
  "4.0.0\u202egnp.exe",
  "\u2066rtl\u2069 5.0.0",
  "6.0.0\u0085next\u007f",
  "7.0.0\ud800",
  "8.0.0|`x`[link](https://evil.example)",
];
const TAGS = ["v1\u001b[2K", "https://evil.example/x", "[a](https://evil.example)", "x|y", "w\u200fz"];

/** Anything a terminal or a renderer would act on, but the newline that ends a line. */
const RAW =
  // eslint-disable-next-line no-control-regex -- control characters are what this finds
  /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

function assertNothingRaw(text: string, what: string): void {
  const found = RAW.exec(text);
  assert.equal(
    found,
    null,
    `${what} holds ${JSON.stringify(found?.[0])} raw: ${JSON.stringify(text.slice(Math.max(0, (found?.index ?? 0) - 40), (found?.index ?? 0) + 40))}`,
  );
}

async function hostileWorld(): Promise<World> {
  const now = Date.parse(E2E_NOW);
  const lib: SandboxVersion[] = [at(1, "0.1.0", 1), ...HOSTILE.map((name, i) => at(10 + i, name, 40 + i))];
  // One refused by GitHub (too many downloads), so apply prints a failure naming it.
  lib[1]!.download_count = 9000;
  const web = [
    imageVersion(20, platformImage("keep"), { tags: ["latest"], ageDays: 1, now }),
    imageVersion(21, platformImage("hostile"), { tags: TAGS, ageDays: 50, now }),
  ];
  return (w = await world(
    state([pkg("npm", "lib", lib), pkg("container", "web", web)]),
    [
      "version: 1",
      "owner: octocat",
      "packages:",
      "  - type: npm",
      "    name: lib",
      "    keep:",
      "      - name: 0.1.0",
      "    unmatched: delete",
      "  - type: container",
      "    name: web",
      "    delete:",
      "      - olderThan: 30d",
      "",
    ].join("\n"),
  ));
}

describe("control characters and bidirectional overrides reach no person raw", () => {
  it("the text plan, its diff, and apply's lines and errors", async () => {
    const t = await hostileWorld();
    const plan = await t.cli(["plan", "--diff", "--now", E2E_NOW]);
    assert.equal(plan.code, 0, plan.stderr);
    assertNothingRaw(plan.stdout, "the text plan");
    // Shown, escaped, where they were.
    for (const shown of [
      "1.0.0\\r- delete 9.9.9",
      "2.0.0\\n  - delete",
      "\\x1b[31m3.0.0\\x1b[0m",
      "4.0.0\\u202egnp.exe",
      "\\u2066rtl\\u2069",
      "6.0.0\\x85next\\x7f",
      "7.0.0\\ud800",
      "v1\\x1b[2K",
      "w\\u200fz",
    ])
      assert.ok(plan.stdout.includes(shown), `the text plan shows ${shown}: ${plan.stdout}`);
    // One line per operation: a name cannot start a line of its own.
    assert.equal(plan.stdout.split("\n").filter((l) => /^ {2}[-+!] /.test(l)).length, HOSTILE.length + 1);

    const applied = await t.cli(["apply", "--yes", "--write-interval", "0", "--now", E2E_NOW]);
    assert.equal(applied.code, 1, "one delete is refused");
    assertNothingRaw(applied.stdout, "apply's output");
    assertNothingRaw(applied.stderr, "apply's errors");
    assert.match(
      applied.stderr,
      /^failed: delete octocat\/npm\/lib 1\.0\.0\\r- delete 9\.9\.9: Publicly visible/m,
    );
  });

  it("the Markdown plan: escaped, and no name breaks a table or makes a link", async () => {
    const t = await hostileWorld();
    const result = await t.cli(["plan", "--format", "markdown", "--now", E2E_NOW]);
    assert.equal(result.code, 0, result.stderr);
    const markdown = result.stdout;
    assertNothingRaw(markdown, "the Markdown plan");
    assert.ok(markdown.includes("4.0.0\\u202egnp.exe"));
    // Every row of a table has as many cells as its header: a `|` in a name is escaped.
    const cells = (line: string) => line.replace(/\\\|/g, "").split("|").length;
    const lines = markdown.split("\n");
    for (const [i, line] of lines.entries()) {
      if (!line.startsWith("|") || line.startsWith("|---")) continue;
      let header = i;
      while (header > 0 && lines[header - 1]!.startsWith("|")) header--;
      assert.equal(cells(line), cells(lines[header]!), `a row with a cell too many: ${line}`);
    }
    // Outside code spans there is no link syntax and no bare address GitHub would link.
    const outsideCode = markdown.replace(/(?<!`)(`+)(?!`)[\s\S]*?(?<!`)\1(?!`)/g, "");
    assert.doesNotMatch(outsideCode, /\]\(/);
    assert.doesNotMatch(outsideCode, /https:\/\//);
  });

  it("the `list` table", async () => {
    const t = await hostileWorld();
    for (const pkgArg of ["npm/lib", "container/web"]) {
      const result = await t.cli([
        "list",
        "--owner",
        "octocat",
        "--package",
        pkgArg,
        "--state",
        "all",
        "--now",
        E2E_NOW,
      ]);
      assert.equal(result.code, 0, result.stderr);
      assertNothingRaw(result.stdout, `list ${pkgArg}`);
    }
  });
});
