import { afterEach, describe, it } from "node:test";
import assert from "node:assert/strict";
import type { PlanJson } from "../../src/plan/json.js";
import { E2E_NOW } from "../helpers/e2e.js";
import { INSTALLATION_TOKEN, installationToken, pkg, state } from "../helpers/sandbox.js";
import { at, world, type World } from "../helpers/world.js";

const NOTE =
  "the token has no user behind it (an installation token, such as GitHub Actions' GITHUB_TOKEN): it is treated as not the owner, so deleted versions of user-owned packages come from ghpkg's journal";

let current: World | undefined;
afterEach(() => current?.close());

describe("an installation token (GitHub Actions' GITHUB_TOKEN)", () => {
  it("plans a spec with an exact-name keep, with one note in text, Markdown and JSON", async () => {
    const w = (current = await world(
      state(
        [
          pkg("npm", "lib", [
            at(1, "1.0.0", 90),
            at(2, "1.1.0", 60, { deletedDaysAgo: 2 }),
            at(3, "2.0.0", 10),
          ]),
        ],
        {
          tokens: installationToken(["octocat/npm/lib"]),
        },
      ),
      `version: 1\nowner: octocat\npackages:\n  - type: npm\n    name: lib\n    keep:\n      - name: 1.1.0\n      - name: 2.0.0\n    unmatched: delete\n`,
    ));
    const env = { GITHUB_TOKEN: INSTALLATION_TOKEN };
    const text = await w.cli(["plan", "--now", E2E_NOW], env);
    assert.equal(text.code, 0, text.stderr);
    assert.equal(text.stdout.split(`note: ${NOTE}`).length - 1, 1);
    assert.match(text.stdout, /- delete\s+1\.0\.0/);

    const markdown = await w.cli(["plan", "--format", "markdown", "--now", E2E_NOW], env);
    assert.equal(markdown.code, 0, markdown.stderr);
    assert.match(markdown.stdout, /^- note: the token has no user behind it/m);

    const json = await w.cli(["plan", "--format", "json", "--now", E2E_NOW], env);
    assert.equal(json.code, 0, json.stderr);
    assert.deepEqual((JSON.parse(json.stdout) as PlanJson).notes, [NOTE]);
    assert.ok(!w.sandbox.requests.some((r) => r.path.startsWith("/user/packages")), "no /user listing tried");
    assert.ok(!text.stdout.includes(INSTALLATION_TOKEN) && !text.stderr.includes(INSTALLATION_TOKEN));

    const applied = await w.cli(["apply", "--yes", "--write-interval", "0", "--now", E2E_NOW], env);
    assert.equal(applied.code, 0, applied.stdout + applied.stderr);
    assert.deepEqual(w.active("octocat", "npm", "lib"), [3]);
  });

  it("a package not granted to it: the 404 says what the repository needs, in one line", async () => {
    const hidden = {
      ...pkg("npm", "secret", [at(1, "1.0.0", 9), at(2, "1.1.0", 1)]),
      visibility: "private" as const,
    };
    const w = (current = await world(
      state([hidden], { tokens: installationToken([]) }),
      `version: 1\nowner: octocat\npackages:\n  - type: npm\n    name: secret\n`,
    ));
    const plan = await w.cli(["plan", "--now", E2E_NOW], { GITHUB_TOKEN: INSTALLATION_TOKEN });
    assert.equal(plan.code, 1);
    assert.match(
      plan.stderr,
      /^error: package npm\/secret of octocat not found, or the token cannot see it \(404\); an installation token reaches only the packages that grant its repository access .*Manage Actions access.*\n$/,
    );
  });
});
