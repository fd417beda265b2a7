import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { PLAN_SCHEMA_PATH, planSchemaProblems } from "../../src/plan-file/schema.js";
import { planFromJson, planToJson, type PlanJson } from "../../src/plan/json.js";
import { assemblePlan, planChanges } from "../../src/plan/plan.js";
import { ROOT } from "../helpers/cli.js";
import { packageSpec } from "../helpers/spec.js";
import { NOW, version } from "../helpers/versions.js";

const golden = () =>
  JSON.parse(readFileSync(join(ROOT, "test/e2e/expected/plan.json"), "utf8")) as Record<string, unknown>;

/** A container plan with children (parent_version_id), a blocked delete and a restore. */
function containerPlan(): PlanJson {
  const spec = packageSpec({ keep: [{ id: 9 }], delete: [{ tag: "v1" }, { tag: "old" }] });
  const versions = [
    version(1, "sha256:index", 40, { tags: ["v1"] }),
    version(2, "sha256:amd", 40),
    version(9, "sha256:gone", 50, { deletedDaysAgo: 40 }),
    version(4, "sha256:old", 40, { tags: ["old"] }),
    version(5, "sha256:new", 1, { tags: ["latest"] }),
  ];
  const graph = { children: new Map([["sha256:index", ["sha256:amd"]]]), unreadable: undefined };
  const changes = planChanges([spec], [{ ref: spec, versions, graph }], NOW);
  return planToJson(
    assemblePlan(changes, {
      createdAt: "2026-11-24T10:00:00Z",
      specDigest: `sha256:${"a".repeat(64)}`,
      apiUrl: "https://api.github.com",
      specPaths: ["ghpkg.yaml"],
    }),
  );
}

describe("the plan's JSON Schema (schemas/ghpkg-plan.schema.json)", () => {
  it("accepts the golden plan of the end-to-end tests", () => {
    assert.deepEqual(planSchemaProblems(golden()), []);
  });

  it("accepts a container plan with children, a blocked operation and parent ids, and reads it back the same", () => {
    const json = containerPlan();
    assert.ok(json.operations.some((o) => o.parent_version_id !== undefined));
    assert.ok(json.blocked.length > 0);
    assert.deepEqual(planSchemaProblems(json), []);
    assert.deepEqual(planToJson(planFromJson(json)), json);
  });

  it("lists every problem, each at its place", () => {
    const plan = golden();
    const [first] = plan.operations as Record<string, unknown>[];
    first!.version_id = "1080";
    first!.run_this = "rm -rf /";
    delete plan.spec_digest;
    (plan.summary as Record<string, unknown>).delete = -1;
    assert.deepEqual(planSchemaProblems(plan).sort(), [
      "operations[0].version_id: must be integer",
      "operations[0]: unknown field `run_this`",
      "summary.delete: must be >= 0",
      "the plan: missing field `spec_digest`",
    ]);
  });

  it("refuses an unknown action and a blocked operation without its reason", () => {
    const plan = golden();
    (plan.operations as Record<string, unknown>[])[0]!.action = "purge";
    plan.blocked = [{ ...(plan.operations as object[])[1] }];
    assert.deepEqual(planSchemaProblems(plan).sort(), [
      "blocked[0]: missing field `why`",
      "operations[0].action: must be one of delete, restore",
    ]);
  });

  it("documents every field it defines", () => {
    const schema = JSON.parse(readFileSync(PLAN_SCHEMA_PATH, "utf8")) as object;
    const undocumented: string[] = [];
    const walk = (node: unknown, at: string) => {
      if (typeof node !== "object" || node === null) return;
      const properties = (node as { properties?: Record<string, { description?: string }> }).properties;
      for (const [key, value] of Object.entries(properties ?? {}))
        if (!value.description) undocumented.push(`${at}.${key}`);
      for (const [key, value] of Object.entries(node)) walk(value, `${at}.${key}`);
    };
    walk(schema, "");
    assert.deepEqual(undocumented, []);
  });
});
