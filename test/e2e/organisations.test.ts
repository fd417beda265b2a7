import { afterEach, describe, it } from "node:test";
import assert from "node:assert/strict";
import type { PlanJson } from "../../src/plan/json.js";
import type { SandboxState } from "../../src/sandbox/state.js";
import { E2E_NOW } from "../helpers/e2e.js";
import { organisation, pkg, TOKEN } from "../helpers/sandbox.js";
import { at, world, type World } from "../helpers/world.js";

const MEMBER_TOKEN = "ghp_SandboxMember0123456789abcdefABCDEF";

/** octo-org (admin: octocat; hubot is not an admin) with an npm library, one version deleted 3 days ago. */
function orgState(): SandboxState {
  return {
    viewer: "octocat",
    tokens: { [TOKEN]: "octocat", [MEMBER_TOKEN]: "hubot" },
    accounts: organisation("octo-org", ["octocat"]),
    packages: [
      pkg(
        "npm",
        "lib",
        [
          at(1, "1.0.0", 200),
          at(2, "1.1.0", 150, { deletedDaysAgo: 3 }),
          at(3, "2.0.0-rc.1", 100),
          at(4, "2.0.0", 50),
        ],
        "octo-org",
      ),
    ],
  };
}

const SPEC = `version: 1
owner: octo-org
packages:
  - type: npm
    name: lib
    keep:
      - name: 1.1.0
    delete:
      - prerelease: true
`;

let current: World | undefined;
afterEach(() => current?.close());

describe("an organisation owner", () => {
  it("an org admin plans, applies and restores through /orgs/ endpoints", async () => {
    const w = (current = await world(orgState(), SPEC));
    const plan = await w.cli(["plan", "--format", "json", "--now", E2E_NOW]);
    assert.equal(plan.code, 0, plan.stderr);
    const json = JSON.parse(plan.stdout) as PlanJson;
    assert.deepEqual(
      json.operations.map((o) => [o.action, o.owner, o.version_id, o.reason]),
      [
        ["delete", "octo-org", 3, "delete[0]: pre-release"],
        ["restore", "octo-org", 2, "keep[0]: name 1.1.0"],
      ],
    );
    assert.equal(json.notes, undefined, "an admin sees the deleted versions: nothing to note");
    const paths = w.sandbox.requests.map((r) => r.path.split("?")[0]);
    assert.ok(paths.includes("/users/octo-org"), "asked GitHub what the owner is");
    assert.equal(paths.filter((p) => p === "/users/octo-org").length, 1, "once per owner");
    assert.ok(paths.includes("/orgs/octo-org/packages/npm/lib/versions"));
    assert.ok(!paths.includes("/user"), "no GET /user for an organisation");

    const applied = await w.cli(["apply", "--yes", "--write-interval", "0", "--now", E2E_NOW]);
    assert.equal(applied.code, 0, applied.stdout + applied.stderr);
    assert.deepEqual(w.active("octo-org", "npm", "lib"), [1, 2, 4]);
    assert.deepEqual(w.mutations().sort(), [
      "DELETE /orgs/octo-org/packages/npm/lib/versions/3",
      "POST /orgs/octo-org/packages/npm/lib/versions/2/restore",
    ]);
    const again = await w.cli(["plan", "--detailed-exitcode", "--now", E2E_NOW]);
    assert.equal(again.code, 0, again.stdout);
  });

  it("a member who is not an admin: deleted versions from the journal, said once; apply says what the organisation needs", async () => {
    const w = (current = await world(orgState(), SPEC));
    const member = { GITHUB_TOKEN: MEMBER_TOKEN };
    const plan = await w.cli(["plan", "--now", E2E_NOW], member);
    assert.equal(plan.code, 0, plan.stderr);
    assert.equal(
      plan.stdout.match(/note: GitHub does not list the deleted versions of octo-org's packages/g)?.length,
      1,
    );
    assert.match(plan.stdout, /- delete\s+2\.0\.0-rc\.1/);
    assert.match(plan.stdout, /0 to restore/, "the journal knows of no deleted version");

    const applied = await w.cli(["apply", "--yes", "--write-interval", "0", "--now", E2E_NOW], member);
    assert.equal(applied.code, 1);
    assert.match(
      applied.stdout + applied.stderr,
      /You do not have admin permissions on this package.*organisation admin, or by someone with the admin role on the package/s,
    );
    assert.deepEqual(w.active("octo-org", "npm", "lib"), [1, 3, 4], "nothing changed");
  });

  it("an owner GitHub does not know is a one-line error", async () => {
    const w = (current = await world(orgState(), SPEC.replace("octo-org", "no-such-org")));
    const plan = await w.cli(["plan", "--now", E2E_NOW]);
    assert.equal(plan.code, 1);
    assert.match(
      plan.stderr,
      /^error: the owner no-such-org not found, or the token cannot see it \(404\)\n$/,
    );
  });
});
