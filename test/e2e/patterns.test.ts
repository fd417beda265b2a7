import { afterEach, describe, it } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { PlanJson } from "../../src/plan/json.js";
import type { SandboxState } from "../../src/sandbox/state.js";
import { E2E_NOW } from "../helpers/e2e.js";
import { organisation, pkg, TOKEN } from "../helpers/sandbox.js";
import { imageVersion, platformImage } from "../helpers/images.js";
import { world, type World } from "../helpers/world.js";

/** Three services' images in octo-org, one of them under a repository path (`tools/svc-cli`). */
function services(): SandboxState {
  // Images the registry serves: a manifest it could not read would hold every delete (fail closed).
  const now = Date.parse(E2E_NOW);
  const image = (id: number, ageDays: number, tags: string[]) =>
    imageVersion(id, platformImage(`image${id}`), { tags, ageDays, now });
  const images = (first: number) => [
    image(first, 40, ["pr-1"]),
    image(first + 1, 30, ["pr-2"]),
    image(first + 2, 2, ["v1", "latest"]),
  ];
  return {
    viewer: "octocat",
    tokens: { [TOKEN]: "octocat" },
    accounts: organisation("octo-org", ["octocat"]),
    packages: [
      pkg("container", "svc-api", images(10), "octo-org"),
      pkg("container", "svc-web", images(20), "octo-org"),
      pkg("container", "tools/svc-cli", images(30), "octo-org"),
      pkg("container", "docs", images(40), "octo-org"),
    ],
  };
}

const SPEC = `version: 1
owner: octo-org
packages:
  - type: container
    name: "*svc-*"
    delete:
      - tag: "pr-*"
        olderThan: 7d
  - type: container
    name: svc-web
    keep:
      - tag: "pr-2"
  - type: npm
    name: /^lib-.*$/
`;

let current: World | undefined;
afterEach(() => current?.close());

describe("pattern entries", () => {
  it("govern every package they match; an exact entry wins; a pattern matching nothing is reported", async () => {
    const w = (current = await world(services(), SPEC));
    const plan = await w.cli(["plan", "--format", "json", "--now", E2E_NOW]);
    assert.equal(plan.code, 0, plan.stderr);
    const json = JSON.parse(plan.stdout) as PlanJson;
    assert.deepEqual(
      json.operations.map((o) => [o.package_name, o.version_id, o.reason]),
      [
        ["svc-api", 10, "packages[0] (*svc-*): delete[0]: tag pr-*, older than 7d"],
        ["svc-api", 11, "packages[0] (*svc-*): delete[0]: tag pr-*, older than 7d"],
        ["tools/svc-cli", 30, "packages[0] (*svc-*): delete[0]: tag pr-*, older than 7d"],
        ["tools/svc-cli", 31, "packages[0] (*svc-*): delete[0]: tag pr-*, older than 7d"],
      ],
    );
    assert.deepEqual(json.patterns, [
      {
        owner: "octo-org",
        package_type: "container",
        pattern: "*svc-*",
        entry: "packages[0] (*svc-*)",
        matched: ["svc-api", "tools/svc-cli"],
      },
      {
        owner: "octo-org",
        package_type: "npm",
        pattern: "/^lib-.*$/",
        entry: "packages[2] (/^lib-.*$/)",
        matched: [],
      },
    ]);

    const text = await w.cli(["plan", "--now", E2E_NOW]);
    assert.match(
      text.stdout,
      /packages\[0\] \(\*svc-\*\) matched 2 container packages of octo-org: svc-api, tools\/svc-cli/,
    );
    assert.match(text.stdout, /packages\[2\] \(\/\^lib-\.\*\$\/\) matched no npm package of octo-org/);
    const markdown = await w.cli(["plan", "--format", "markdown", "--now", E2E_NOW]);
    assert.match(
      markdown.stdout,
      /- packages\\\[2\\\] \\\(\/\^lib-\.\\\*\$\/\\\) matched no npm package of octo-org/,
    );
  });

  it("apply reaches a name with a slash, percent-encoded", async () => {
    const w = (current = await world(services(), SPEC));
    const applied = await w.cli(["apply", "--yes", "--write-interval", "0", "--now", E2E_NOW]);
    assert.equal(applied.code, 0, applied.stdout + applied.stderr);
    assert.deepEqual(w.active("octo-org", "container", "tools/svc-cli"), [32]);
    assert.deepEqual(w.active("octo-org", "container", "svc-api"), [12]);
    assert.deepEqual(w.active("octo-org", "container", "svc-web"), [20, 21, 22]);
    assert.ok(w.mutations().includes("DELETE /orgs/octo-org/packages/container/tools%2Fsvc-cli/versions/30"));
  });

  it("a package two pattern entries match is refused at plan time, naming both entries", async () => {
    const w = (current = await world(
      services(),
      `${SPEC}  - type: container\n    name: /.*-api/\n    delete:\n      - untagged: true\n`,
    ));
    const plan = await w.cli(["plan", "--now", E2E_NOW]);
    assert.equal(plan.code, 1);
    assert.match(
      plan.stderr,
      /^ghpkg\.yaml:15:5: package octo-org\/container\/svc-api matches two pattern entries, `\/\.\*-api\/` here and `\*svc-\*` at ghpkg\.yaml:4:5; add an entry with its exact name, or narrow a pattern\n/,
    );
    assert.deepEqual(w.mutations(), []);
    // An exact entry for that package settles it.
    writeFileSync(
      join(w.dir, "ghpkg.yaml"),
      `${SPEC}  - type: container\n    name: /.*-api/\n  - type: container\n    name: svc-api\n`,
    );
    assert.equal((await w.cli(["plan", "--now", E2E_NOW])).code, 0);
  });

  it("validate checks pattern names offline, and the digest covers them as written", async () => {
    const w = (current = await world(services(), SPEC.replace('"*svc-*"', "/svc-(api/")));
    const validated = await w.cli(["validate"]);
    assert.equal(validated.code, 1);
    assert.match(validated.stderr, /^ghpkg\.yaml:5:11: invalid regular expression \/svc-\(api\//);
    assert.deepEqual(w.sandbox.requests, []);
  });

  it("import takes patterns and writes one entry per package found", async () => {
    const w = (current = await world(services()));
    const imported = await w.cli(["import", "--owner", "octo-org", "--package", "container/*svc-*"]);
    assert.equal(imported.code, 0, imported.stderr);
    assert.deepEqual(
      [...imported.stdout.matchAll(/^ {4}name: (.*)$/gm)].map((m) => m[1]),
      ["svc-api", "svc-web", "tools/svc-cli"],
    );
    writeFileSync(join(w.dir, "ghpkg.yaml"), imported.stdout);
    const plan = await w.cli(["plan", "--detailed-exitcode", "--now", E2E_NOW]);
    assert.equal(plan.code, 0, plan.stdout + plan.stderr);
  });
});
