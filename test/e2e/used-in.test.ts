// usedIn end to end: the built CLI in a checkout (a spec folder beside the deployment files), against
// the sandbox as GitHub and as the registry, whose host the references name. Every run is pinned to
// the sandbox's clock (E2E_NOW, with --now).
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { InventoryVersionJson } from "../../src/render/inventory-json.js";
import type { PlanJson } from "../../src/plan/json.js";
import type { SandboxState } from "../../src/sandbox/state.js";
import { E2E_NOW } from "../helpers/e2e.js";
import { imageIndex, imageVersion, platformImage } from "../helpers/images.js";
import { pkg, TOKEN } from "../helpers/sandbox.js";
import { at, world, type World } from "../helpers/world.js";

const now = Date.parse(E2E_NOW);
const amd1 = imageVersion(11, platformImage("a1"), { ageDays: 60, now });
const arm1 = imageVersion(12, platformImage("b1"), { ageDays: 60, now });
const v1 = imageVersion(10, imageIndex([amd1, arm1]), { tags: ["v1"], ageDays: 60, now });
const amd2 = imageVersion(21, platformImage("a2"), { ageDays: 30, now });
const arm2 = imageVersion(22, platformImage("b2"), { ageDays: 30, now });
const v2 = imageVersion(20, imageIndex([amd2, arm2]), { tags: ["v2"], ageDays: 30, now });
const v3 = imageVersion(30, platformImage("c3"), { tags: ["v3"], ageDays: 20, now });
const latest = imageVersion(40, platformImage("d4"), { tags: ["latest"], ageDays: 1, now });

function state(): SandboxState {
  return {
    viewer: "octocat",
    tokens: { [TOKEN]: "octocat" },
    packages: [
      pkg("container", "web", [v1, amd1, arm1, v2, amd2, arm2, v3, latest]),
      pkg("npm", "lib", [at(1, "1.0.0", 300), at(2, "1.4.2", 200), at(3, "2.0.0", 10)]),
    ],
  };
}

const SPEC = `version: 1
owner: octocat
packages:
  - type: container
    name: web
    keep:
      - tag: latest
      - usedIn: ["../deploy/**/*.yaml", "../in-use/*.txt"]
    unmatched: delete
  - type: npm
    name: lib
    keep:
      - usedIn: ../app/package-lock.json
    delete:
      - usedIn: ../retired/*.json
`;

let w: World;
let host: string;
const write = (path: string, text: string) => {
  mkdirSync(join(w.dir, path, ".."), { recursive: true });
  writeFileSync(join(w.dir, path), text);
};

before(async () => {
  w = await world(state());
  host = new URL(w.sandbox.url).host;
  write("specs/ghpkg.yaml", SPEC);
  // v1 by tag in a manifest (the line matters); one platform image of v2 by digest in a cluster's list,
  // uppercase; v3 only on other registries, which keep nothing here.
  write("deploy/web.yaml", `kind: Deployment\nspec:\n  containers:\n    - image: "${host}/octocat/web:v1"\n`);
  write(
    "in-use/cluster.txt",
    `docker.io/octocat/web:v3 ghcr.io/octocat/web:v3 ${host.toUpperCase()}/OctoCat/Web@${amd2.name}\n`,
  );
  write(
    "app/package-lock.json",
    JSON.stringify(
      { lockfileVersion: 3, packages: { "node_modules/@octocat/lib": { version: "1.4.2" } } },
      null,
      2,
    ),
  );
  write(
    "retired/package-lock.json",
    `{"lockfileVersion":1,"dependencies":{\n"@OctoCat/lib":{"version":"1.0.0"}}}`,
  );
});
after(() => w.close());

const cli = (...args: string[]) => w.cli([...args, "--now", E2E_NOW]);

describe("usedIn end to end", () => {
  it("plan keeps what the files use, deletes the rest, and names where a usedIn delete found its version", async () => {
    const result = await cli("plan", "-f", "specs", "--format", "json");
    assert.equal(result.code, 0, result.stderr);
    const plan = JSON.parse(result.stdout) as PlanJson;
    const ops = plan.operations.map((o) => `${o.action} ${o.package_name} ${o.version_id} ${o.reason}`);
    assert.deepEqual(ops, [
      // v2's index goes; of its platform images, the one the cluster runs stays (and nothing more).
      "delete web 20 unmatched: delete",
      "delete web 22 unmatched: delete",
      "delete web 30 unmatched: delete",
      "delete lib 1 delete[0]: used in retired/package-lock.json:2",
    ]);
  });

  it("apply leaves exactly the used versions and the kept ones", async () => {
    const result = await cli("apply", "-f", "specs", "--yes", "--write-interval", "0");
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(w.active("octocat", "container", "web"), [10, 11, 12, 21, 40]);
    assert.deepEqual(w.active("octocat", "npm", "lib"), [2, 3]);
  });

  it("list --match shows what a usedIn rule keeps, with the file and line of each reference", async () => {
    const table = await cli(
      "list",
      "--owner",
      "octocat",
      "--package",
      "container/web",
      "--match",
      '{usedIn: "deploy/**"}',
    );
    assert.equal(table.code, 0, table.stderr);
    assert.match(table.stdout, /USED IN/);
    assert.match(table.stdout, /^container\/web +10 .*deploy\/web\.yaml:4$/m);
    const json = await cli(
      "list",
      "--owner",
      "octocat",
      "--package",
      "container/web",
      "--package",
      "npm/lib",
      "--match",
      '{usedIn: ["in-use/*", "app/*"]}',
      "--format",
      "json",
    );
    assert.equal(json.code, 0, json.stderr);
    const rows = JSON.parse(json.stdout) as InventoryVersionJson[];
    assert.deepEqual(
      rows.map((r) => [r.package_name, r.id, r.used_in]),
      [
        ["web", 21, [{ file: "in-use/cluster.txt", line: 1 }]],
        ["lib", 2, [{ file: "app/package-lock.json", line: 4 }]],
      ],
    );
  });

  it("a glob that names no file stops the plan: exit 1, the glob named, nothing sent", async () => {
    write(
      "specs/moved.yaml",
      SPEC.replace("../deploy/**/*.yaml", "../deployment/**/*.yaml").replace(
        "owner: octocat",
        "owner: monalisa",
      ),
    );
    const before = w.mutations().length;
    const asked = w.sandbox.requests.length;
    const result = await cli("apply", "-f", "specs/moved.yaml", "--yes", "--write-interval", "0");
    assert.equal(result.code, 1);
    assert.equal(w.sandbox.requests.length, asked, "not even a version was asked for");
    assert.match(
      result.stderr,
      /^error: specs\/moved\.yaml:8:18: usedIn `\.\.\/deployment\/\*\*\/\*\.yaml` names no file/m,
    );
    assert.doesNotMatch(result.stderr, /\n\s+at /, "no stack trace");
    assert.equal(w.mutations().length, before);
  });

  it("a glob that climbs out of the working directory is a spec error", async () => {
    write("specs/out.yaml", SPEC.replace("../deploy/**/*.yaml", "../../deploy/**/*.yaml"));
    const result = await w.cli(["validate", "-f", "specs/out.yaml"]);
    assert.equal(result.code, 1);
    assert.match(
      result.stderr,
      /^specs\/out\.yaml:8:18: `\.\.\/\.\.\/deploy\/\*\*\/\*\.yaml` climbs out of the working directory/m,
    );
  });
});
