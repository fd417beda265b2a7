// Saved plans against the reference: a plan saved as `--out`'s JSON and re-checked as `apply PLANFILE`
// does (the core's recheckSavedPlan) is accepted against an unchanged world and refused, with its
// differences listed, when the world, the spec or the file changed in a way that the reference
// (CONTRACT section 2) says makes the fresh plan differ: apply refuses unless the fresh plan has
// exactly the saved plan's operations (the same action on the same versions) and the spec hashes to
// `spec_digest`.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { planToJson, type OperationJson, type PlanJson } from "../../src/plan/json.js";
import { applyChange, change, KINDS, type Change } from "./changes.js";
import { ghpkgRawPlan, ghpkgRecheck } from "./ghpkg.js";
import { referencePlan, type RefOperation, type World } from "./planner.js";
import { build, scenario, type Scenario } from "./scenarios.js";

// About 3 s each; REFERENCE_RUNS=20000 for a longer hunt.
const RUNS = Number(process.env.REFERENCE_RUNS ?? 1000);
// A failure prints its seed: REFERENCE_SEED=<seed> replays the same scenarios.
const seed = process.env.REFERENCE_SEED ? { seed: Number(process.env.REFERENCE_SEED) } : {};

/** One operation as the contract compares them: the same action on the same version of the same package. */
const keyOf = (o: OperationJson) =>
  `${o.owner}/${o.package_type}/${o.package_name}`.toLowerCase() + `: ${o.action} ${o.version_id}`;
const refKey = (o: RefOperation) => `${o.package}: ${o.action} ${o.id}`;

/** What is in one list (as a multiset) and not in the other, both ways. */
function multisetDifference(a: readonly string[], b: readonly string[]): string[] {
  const count = new Map<string, number>();
  for (const k of a) count.set(k, (count.get(k) ?? 0) + 1);
  for (const k of b) count.set(k, (count.get(k) ?? 0) - 1);
  return [...count].filter(([, n]) => n !== 0).map(([k]) => k);
}

type Verdict =
  | { decision: "refuse"; differences: string[]; specChanged: boolean }
  | { decision: "accept" }
  | { decision: "either" };

/**
 * The reference's verdict on the saved JSON against the world as it is now. Refuse when the spec's
 * meaning changed or the operations differ. Accept when they are the same and every operation's
 * fields (the reason, and the version's name, tags and times) are as the reviewer saw them; the
 * contract does not say what a change in those alone does (the same action on the same version, told
 * differently), so then either answer goes.
 */
function referenceVerdict(before: World, after: World, saved: PlanJson, specChanged: boolean): Verdict {
  const fresh = referencePlan(after);
  const differences = multisetDifference(saved.operations.map(keyOf), fresh.operations.map(refKey));
  if (specChanged || differences.length > 0) return { decision: "refuse", differences, specChanged };
  const told = (w: World) => {
    const versions = new Map(w.live.flatMap((p) => p.versions.map((v) => [v.id, v])));
    return referencePlan(w).operations.map((o) => {
      const v = versions.get(o.id)!;
      return JSON.stringify([refKey(o), o.reason, v.name, [...v.tags].sort(), v.createdAt, v.deletedAt]);
    });
  };
  return multisetDifference(told(before), told(after)).length === 0
    ? { decision: "accept" }
    : { decision: "either" };
}

async function check(s: Scenario, c: Change) {
  const before = build(s);
  // Through the file's text, as `--out` writes it and `apply PLANFILE` reads it.
  const json = JSON.parse(JSON.stringify(planToJson(await ghpkgRawPlan(before)))) as PlanJson;
  const changed = applyChange(before, json, c);
  const verdict = referenceVerdict(before, changed.world, changed.json, changed.specChanged);
  const differences = await ghpkgRecheck(changed.world, changed.json);
  const context = `${changed.done}; ghpkg: ${JSON.stringify(differences)}`;
  if (verdict.decision === "accept") {
    assert.deepEqual(differences, [], `refused a plan still exact: ${context}`);
    return "accept";
  }
  if (verdict.decision === "either") return differences.length > 0 ? "either: refused" : "either: accepted";
  assert.ok(
    differences.length > 0,
    `accepted a plan that differs (${verdict.differences.join(", ")}): ${context}`,
  );
  // The refusal lists the differences: every operation in one plan and not the other, and the spec.
  for (const key of verdict.differences)
    assert.ok(
      // Packages named as the spec writes them: one package whatever the case.
      differences.some((line) => line.toLowerCase().startsWith(`${key.toLowerCase()} `)),
      `the refusal does not name ${key}: ${context}`,
    );
  if (verdict.specChanged)
    assert.ok(
      differences.some((line) => /spec/.test(line)),
      `the refusal does not say the spec changed: ${context}`,
    );
  return "refuse";
}

describe("a saved plan is re-checked as the reference decides", () => {
  it(`on ${RUNS} random scenarios, the world unchanged: accepted`, async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async (s) => {
        assert.equal(await check(s, { kind: "none", a: 0, b: 0, c: 0 }), "accept");
      }),
      { numRuns: RUNS, ...seed },
    );
  });

  it(`on ${RUNS} random scenarios, one random change: refused, naming the differences, when the fresh plan differs`, async () => {
    const seen = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(scenario, change, async (s, c) => {
        const decision = await check(s, c);
        seen.set(`${c.kind} ${decision}`, (seen.get(`${c.kind} ${decision}`) ?? 0) + 1);
      }),
      { numRuns: RUNS, ...seed },
    );
    // Every kind of change was refused at least once (where the contract leaves it to ghpkg, by ghpkg):
    // the property has teeth.
    if (process.env.REFERENCE_VERBOSE) console.log(Object.fromEntries([...seen].sort()));
    for (const kind of KINDS.filter((k) => k !== "none"))
      assert.ok(
        (seen.get(`${kind} refuse`) ?? 0) + (seen.get(`${kind} either: refused`) ?? 0) > 0,
        `no ${kind} was refused in ${RUNS} runs`,
      );
  });
});
