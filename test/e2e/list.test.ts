import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { InventoryVersionJson } from "../../src/render/inventory-json.js";
import type { PlanJson } from "../../src/plan/json.js";
import type { SandboxState } from "../../src/sandbox/state.js";
import { E2E_NOW } from "../helpers/e2e.js";
import { imageIndex, imageVersion, platformImage } from "../helpers/images.js";
import { organisation, pkg, TOKEN } from "../helpers/sandbox.js";
import { at, world, type World } from "../helpers/world.js";

function inventoryState(): SandboxState {
  // Ages from the world's clock, which every `list` here is pinned to with --now.
  const now = Date.parse(E2E_NOW);
  const amd = imageVersion(11, platformImage("amd"), { ageDays: 40, now });
  const arm = imageVersion(12, platformImage("arm"), { ageDays: 40, now });
  const index = imageVersion(10, imageIndex([amd, arm]), { tags: ["v1"], ageDays: 40, now });
  const sig = imageVersion(13, platformImage("51g"), {
    tags: [`sha256-${index.name.slice(7)}.sig`],
    ageDays: 39,
    now,
  });
  const latest = imageVersion(20, platformImage("latest"), { tags: ["v2", "latest"], ageDays: 1, now });
  return {
    viewer: "octocat",
    tokens: { [TOKEN]: "octocat" },
    accounts: organisation("octo-org", ["octocat"]),
    packages: [
      pkg("container", "app", [index, amd, arm, sig, latest], "octo-org"),
      pkg(
        "npm",
        "lib",
        [
          at(1, "1.0.0", 300),
          at(2, "1.1.0", 200, { deletedDaysAgo: 5 }),
          at(3, "2.0.0-rc.1", 100),
          at(4, "2.0.0", 50),
          at(5, "2.1.0", 5),
        ],
        "octo-org",
      ),
    ],
  };
}

let w: World;
before(async () => {
  w = await world(inventoryState());
});
after(() => w.close());

const list = (...args: string[]) => w.cli(["list", "--owner", "octo-org", "--now", E2E_NOW, ...args]);
const json = async (...args: string[]) => {
  const result = await list(...args, "--format", "json");
  assert.equal(result.code, 0, result.stderr);
  return JSON.parse(result.stdout) as InventoryVersionJson[];
};

describe("ghpkg list", () => {
  it("JSON: one array of versions with GitHub's fields, newest first", async () => {
    const versions = await json("--package", "npm/lib");
    assert.deepEqual(
      versions.map((v) => v.id),
      [5, 4, 3, 1],
    );
    assert.deepEqual(Object.keys(versions[0]!), [
      "owner",
      "package_type",
      "package_name",
      "id",
      "name",
      "tags",
      "created_at",
      "updated_at",
      "deleted_at",
      "html_url",
    ]);
    assert.equal(versions[0]?.html_url, "https://github.com/orgs/octo-org/packages/npm/lib/5");
    assert.deepEqual(
      (await json("--package", "npm/lib", "--state", "deleted")).map((v) => [v.id, v.deleted_at !== null]),
      [[2, true]],
    );
    assert.equal((await json("--package", "npm/lib", "--state", "all")).length, 5);
  });

  it("--images says what each container version is and its parent", async () => {
    const versions = await json("--package", "container/*", "--images");
    // Sorted by id here: the test images' creation times differ only by milliseconds.
    assert.deepEqual(
      versions
        .map((v) => [v.id, v.kind, v.platforms ?? null, v.parent_version_id])
        .sort((a, b) => Number(a[0]) - Number(b[0])),
      [
        [10, "index", 2, null],
        [11, "image", null, 10],
        [12, "image", null, 10],
        [13, "signature", null, 10],
        [20, "image", null, null],
      ],
    );
    const plain = await json("--package", "container/app");
    assert.ok(
      plain.every((v) => v.kind === undefined),
      "no manifest read without --images",
    );
  });

  it("table and CSV", async () => {
    const table = await list("--package", "container/app", "--images");
    assert.equal(table.code, 0, table.stderr);
    const lines = table.stdout.trimEnd().split("\n");
    assert.match(
      lines[0] ?? "",
      /^PACKAGE\s+ID\s+NAME\s+TAGS\s+CREATED\s+UPDATED\s+STATE\s+SIZE\s+KIND\s+PARENT$/,
    );
    assert.match(
      table.stdout,
      /container\/app\s+10\s+sha256:[0-9a-f]{12}…\s+v1\s+40d\s+40d\s+active\s+\d+ B\s+index \(2 platforms\)\s+-/,
    );
    assert.match(
      table.stdout,
      /\s13\s+sha256:[0-9a-f]{12}…\s+sha256-[0-9a-f]{4,12}…\.sig\s/,
      `cosign tags shortened:\n${table.stdout}`,
    );
    assert.ok(
      lines.every((l) => l.length <= 120),
      "fits 120 columns",
    );
    assert.ok(!table.stdout.includes("\u001b["), "no colour with NO_COLOR");

    const csv = await list("--package", "npm/lib", "--format", "csv");
    assert.equal(csv.code, 0, csv.stderr);
    const rows = csv.stdout.split("\r\n");
    assert.equal(
      rows[0],
      "owner,package_type,package_name,id,name,tags,created_at,updated_at,deleted_at,html_url,kind,platforms,parent_version_id,size,parent_version_ids,used_in",
    );
    assert.match(rows[1] ?? "", /^octo-org,npm,lib,5,2\.1\.0,,2026-11-19T10:00:00Z,/);
    assert.equal(rows.length, 6, "header, four versions, and the final line break");
  });

  // For container packages the children rule then adds an image's children to what stays or goes; the
  // rules' own decisions (their reasons) are what --match shows. Without images, see test/plan/properties.
  it("--match lists what a spec with that selector as keep would keep, and as delete would delete", async () => {
    for (const [type, name, selector] of [
      ["npm", "lib", '{semver: ">=2.0.0", newest: 1}'],
      ["npm", "lib", "{prerelease: false, olderThan: 30d}"],
      ["npm", "lib", "{name: 1.1.0}"],
      ["container", "app", '{tag: "v*"}'],
      ["container", "app", '{tag: "latest", newerThan: 7d}'],
    ] as const) {
      const matched = (await json("--package", `${type}/${name}`, "--state", "all", "--match", selector)).map(
        (v) => v.id,
      );
      const plan = async (rules: string) => {
        writeFileSync(
          join(w.dir, "ghpkg.yaml"),
          `version: 1\nowner: octo-org\npackages:\n  - type: ${type}\n    name: ${name}\n${rules}`,
        );
        const result = await w.cli(["plan", "--format", "json", "--now", E2E_NOW]);
        assert.equal(result.code, 0, result.stderr);
        const p = JSON.parse(result.stdout) as PlanJson;
        return [...p.operations, ...p.blocked];
      };
      const all = (await json("--package", `${type}/${name}`, "--state", "all")).map((v) => v);
      const byDelete = (await plan(`    delete:\n      - ${selector}\n`)).filter((o) =>
        o.reason.startsWith("delete[0]"),
      );
      assert.deepEqual(
        matched.filter((id) => all.find((v) => v.id === id)?.deleted_at === null).sort(),
        byDelete.map((o) => o.version_id).sort(),
        `delete ${selector}`,
      );
      if (type === "container") continue;
      const byKeep = await plan(`    keep:\n      - ${selector}\n    unmatched: delete\n`);
      const keptOrRestored = all
        .filter((v) =>
          v.deleted_at === null
            ? !byKeep.some((o) => o.action === "delete" && o.version_id === v.id)
            : byKeep.some((o) => o.action === "restore" && o.version_id === v.id),
        )
        .map((v) => v.id);
      assert.deepEqual(matched, keptOrRestored, `keep ${selector}`);
    }
  });

  it("refuses a bad selector, owner or package in one line, sending nothing", async () => {
    const before = w.sandbox.requests.length;
    for (const [args, message] of [
      [
        ["--package", "npm/lib", "--match", "{tag: v1}"],
        /^error: --match \{tag: v1\}: `tag` applies to container and docker packages only; this package is npm\n$/,
      ],
      [
        ["--package", "npm/lib", "--match", "{newest: 0}"],
        /^error: --match \{newest: 0\}: `newest` must be at least 1\n$/,
      ],
      [
        ["--package", "npm/lib", "--match", "tag: v1"],
        /^error: --match takes one selector in YAML flow form/,
      ],
      [
        ["--package", "npm/a/../b"],
        /`name` must be a package name: no part between slashes may be empty, `\.` or `\.\.`/,
      ],
      [["--package", "npm//(a/"], /invalid regular expression/],
    ] as const) {
      const result = await list(...args);
      assert.equal(result.code, 1, result.stdout);
      assert.match(result.stderr, message);
      assert.doesNotMatch(result.stderr, /\n\s+at /);
    }
    const owner = await w.cli(["list", "--owner", "-bad", "--package", "npm/lib"]);
    assert.equal(owner.code, 1);
    assert.match(owner.stderr, /`owner` must be a GitHub username/);
    assert.equal(w.sandbox.requests.length, before);
  });

  it("a package pattern that matches nothing is said on stderr", async () => {
    const result = await list("--package", "maven/*", "--format", "json");
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, "[]\n");
    assert.match(result.stderr, /note: maven\/\* matched no maven package of octo-org/);
  });
});
