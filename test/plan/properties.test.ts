import { describe, it } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { planChanges, WHY_LAST, WHY_LAST_TAGGED, WHY_TOO_OLD } from "../../src/plan/plan.js";
import type { ImageGraph } from "../../src/model/live.js";
import type { Changes } from "../../src/plan/types.js";
import type { PackageVersion } from "../../src/model/version.js";
import { matchingVersions } from "../../src/plan/match.js";
import {
  compileSelector,
  matchesFields,
  versionFacts,
  type SelectorSpec,
} from "../../src/select/selector.js";
import type { PackageSpec } from "../../src/spec/types.js";
import type { FileUsage } from "../../src/model/usage.js";
import { usedVersions } from "../../src/select/used-in.js";
import { packageSpec } from "../helpers/spec.js";
import { DAY, NOW, version } from "../helpers/versions.js";

// Small pools, so that selectors and versions meet often.
const NAMES = ["1.0.0", "1.1.0", "2.0.0-rc.1", "2.0.0", "v3.0.0", "nightly", "sha256:a", "sha256:b"];
const TAGS = ["latest", "v1", "v2", "pr-1", "stable"];

const FIELDS = {
  id: fc.integer({ min: 1, max: 40 }),
  name: fc.constantFrom(...NAMES, "1.*", "sha256:*", "/v?\\d.*/"),
  tag: fc.constantFrom(...TAGS, "v*", "pr-?"),
  untagged: fc.boolean(),
  semver: fc.constantFrom(">=1.1.0", "*", "^2.0.0-rc.0", "<2"),
  prerelease: fc.boolean(),
  olderThan: fc.constantFrom("1d", "10d", "30d"),
  newerThan: fc.constantFrom("2d", "20d"),
  newest: fc.integer({ min: 1, max: 4 }),
};
type Field = keyof typeof FIELDS;

/** One or two fields: selectors that AND many fields rarely match, and would test little. */
const selector: fc.Arbitrary<SelectorSpec> = fc
  .uniqueArray(fc.constantFrom(...(Object.keys(FIELDS) as Field[])), { minLength: 1, maxLength: 2 })
  .chain((fields) =>
    fc.record(Object.fromEntries(fields.map((f) => [f, FIELDS[f]])) as { [K in Field]?: (typeof FIELDS)[K] }),
  )
  .map((s) => s as SelectorSpec);

/** Active versions, then deleted ones; `deletedOlder` makes every deleted version older than every active one. */
const versions = (deletedOlder: boolean): fc.Arbitrary<PackageVersion[]> =>
  fc
    .uniqueArray(
      fc.record({
        id: fc.integer({ min: 1, max: 40 }),
        name: fc.constantFrom(...NAMES),
        tags: fc.uniqueArray(fc.constantFrom(...TAGS), { maxLength: 2 }),
        age: fc.integer({ min: 0, max: 60 }),
        deleted: fc.option(fc.integer({ min: 0, max: 45 }), { freq: 4 }),
      }),
      { selector: (v) => v.id, minLength: 1, maxLength: 25 },
    )
    .map((list) =>
      list.map((v) => ({
        id: v.id,
        name: v.name,
        tags: v.tags,
        createdAt: new Date(
          NOW - (v.age + (deletedOlder && v.deleted !== null ? 100 : 0)) * DAY,
        ).toISOString(),
        deletedAt: v.deleted === null ? null : new Date(NOW - v.deleted * DAY).toISOString(),
        state: v.deleted === null ? ("active" as const) : ("deleted" as const),
      })),
    );

const spec = (keepNewest: boolean) =>
  fc
    .record({
      keep: fc.array(selector, { maxLength: 3 }),
      delete: fc.array(
        keepNewest
          ? selector.map(({ newest: _, ...rest }) => rest).filter((s) => Object.keys(s).length > 0)
          : selector,
        { maxLength: 3 },
      ),
      unmatched: fc.constantFrom("ignore" as const, "delete" as const),
      type: fc.constantFrom("container" as const, "npm" as const),
    })
    .map((rules) =>
      packageSpec({
        ...rules,
        keep:
          rules.type === "npm"
            ? rules.keep
                .map(({ tag: _, untagged: __, ...rest }) => rest)
                .filter((s) => Object.keys(s).length > 0)
            : rules.keep,
      }),
    );

const plan = (s: PackageSpec, list: readonly PackageVersion[]) =>
  planChanges([s], [{ ref: s, versions: list }], NOW);

/** An oracle for "a keep matches this version", written apart from the planner. */
function keptByAnyKeep(s: PackageSpec, list: readonly PackageVersion[], target: PackageVersion): boolean {
  const active = list.filter((v) => v.state === "active");
  return s.keep.some((sel) => {
    if (!matchesFields(sel, versionFacts(target), NOW)) return false;
    if (sel.spec.newest === undefined) return true;
    const ranked = active
      .filter((v) => matchesFields(sel, versionFacts(v), NOW))
      .sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt) || b.id - a.id);
    return ranked.slice(0, sel.spec.newest).some((v) => v.id === target.id);
  });
}

/** The live state after GitHub carried out every operation of the plan. */
function applied(list: readonly PackageVersion[], changes: Changes): PackageVersion[] {
  const action = new Map(changes.operations.map((o) => [o.version.id, o.action]));
  return list.map((v) => {
    const a = action.get(v.id);
    if (a === "delete") return { ...v, state: "deleted", deletedAt: new Date(NOW).toISOString() };
    if (a === "restore") return { ...v, state: "active", deletedAt: null };
    return v;
  });
}

const runs = { numRuns: 400 };

describe("planner properties", () => {
  it("keep always wins: nothing a keep selector matches is deleted", () => {
    fc.assert(
      fc.property(spec(false), versions(false), (s, list) => {
        for (const op of plan(s, list).operations.filter((o) => o.action === "delete")) {
          const target = list.find((v) => v.id === op.version.id);
          assert.ok(
            target && !keptByAnyKeep(s, list, target),
            `deleted ${op.version.id}, which a keep matches`,
          );
        }
      }),
      runs,
    );
  });

  it("a usedIn keep always wins: no version the files refer to is deleted, whatever else the rules say", () => {
    // What deploy files say: references to this package (some by digest, some by tag, in any case)
    // and to another one; for npm, lockfile entries. The oracle reads them apart from src/select.
    const reference = fc.record({
      repository: fc.constantFrom("octocat/web", "octocat/web", "octocat/api"),
      tag: fc.option(fc.constantFrom(...TAGS), { nil: undefined }),
      digest: fc.option(fc.constantFrom(...NAMES), { nil: undefined }),
      line: fc.integer({ min: 1, max: 50 }),
    });
    const usage = fc.array(
      fc.record({
        file: fc.constantFrom("deploy/a.yaml", "deploy/b.yaml"),
        images: fc.array(reference, { maxLength: 4 }),
        npm: fc.array(
          fc.record({
            name: fc.constantFrom("@octocat/web", "@octocat/api"),
            version: fc.constantFrom(...NAMES),
            line: fc.integer({ min: 1, max: 50 }),
          }),
          { maxLength: 4 },
        ),
      }),
      { maxLength: 2 },
    );
    const refersTo = (files: readonly FileUsage[], s: PackageSpec, v: PackageVersion) =>
      files.some((f) =>
        s.type === "npm"
          ? f.npm.some((r) => r.name === "@octocat/web" && r.version === v.name)
          : f.images.some(
              (r) =>
                r.repository === "octocat/web" &&
                (r.digest !== undefined
                  ? r.digest === v.name
                  : r.tag !== undefined && v.tags.includes(r.tag)),
            ),
      );
    fc.assert(
      fc.property(spec(false), versions(false), usage, fc.nat(3), (rules, list, raw, at) => {
        const files: FileUsage[] = raw.map((f) => ({
          file: f.file,
          images: f.images.map(({ tag, digest, ...r }) => ({
            file: f.file,
            ...r,
            ...(tag === undefined ? {} : { tag }),
            ...(digest === undefined ? {} : { digest }),
          })),
          npm: f.npm.map((r) => ({ file: f.file, ...r })),
        }));
        const [usedIn] = packageSpec({ type: rules.type, keep: [{ usedIn: "deploy/**" }] }).keep;
        const keep = [...rules.keep];
        keep.splice(Math.min(at, keep.length), 0, { ...usedIn!, used: usedVersions(rules, files) });
        const s = { ...rules, keep: keep.map((sel, i) => ({ ...sel, origin: `keep[${i}]` })) };
        for (const op of plan(s, list).operations.filter((o) => o.action === "delete")) {
          const target = list.find((v) => v.id === op.version.id)!;
          assert.ok(
            !refersTo(files, s, target),
            `deleted ${op.version.id}, which ${JSON.stringify(files)} refer to`,
          );
        }
      }),
      runs,
    );
  });

  it("the plan does not depend on the order versions arrive in", () => {
    fc.assert(
      fc.property(
        spec(false),
        versions(false).chain((list) =>
          fc.tuple(fc.constant(list), fc.shuffledSubarray(list, { minLength: list.length })),
        ),
        (s, [list, shuffled]) => {
          assert.deepEqual(plan(s, shuffled), plan(s, list));
        },
      ),
      runs,
    );
  });

  it("applying a plan and planning again gives no operations", () => {
    // Convergence holds where the contract makes it hold: `newest` in keep rules only (a delete of
    // the N newest deletes a new N each time), and restored versions older than the active ones
    // (a restored version that is newer would take a keep's `newest` place from another).
    fc.assert(
      fc.property(spec(true), versions(true), (s, list) => {
        const first = plan(s, list);
        const second = plan(s, applied(list, first));
        assert.deepEqual(second.operations, []);
      }),
      runs,
    );
  });

  it("a blocked last-version delete leaves exactly one active version, and only then is one blocked", () => {
    fc.assert(
      fc.property(spec(false), versions(false), (s, list) => {
        const changes = plan(s, list);
        const after = applied(list, changes).filter((v) => v.state === "active");
        const blockedLast = changes.blocked.filter((b) => b.why === WHY_LAST);
        if (blockedLast.length > 0) {
          assert.equal(blockedLast.length, 1);
          assert.deepEqual(
            after.map((v) => v.id),
            [blockedLast[0]?.version.id],
          );
        }
        if (list.some((v) => v.state === "active"))
          assert.ok(after.length >= 1, "a package keeps at least one active version");
      }),
      runs,
    );
  });

  it("a container package that had a tagged active version keeps one, and only then is a tagged delete blocked", () => {
    fc.assert(
      fc.property(spec(false), versions(false), (s, list) => {
        const changes = plan(s, list);
        const tagged = (versions: readonly PackageVersion[]) =>
          versions.filter((v) => v.state === "active" && v.tags.length > 0);
        const after = tagged(applied(list, changes));
        const blockedTagged = changes.blocked.filter((b) => b.why === WHY_LAST_TAGGED);
        if (s.type === "container" && tagged(list).length > 0)
          assert.ok(after.length >= 1, "a tagged version stays");
        if (blockedTagged.length > 0) {
          assert.equal(s.type, "container");
          assert.equal(blockedTagged.length, 1);
          assert.deepEqual(
            after.map((v) => v.id),
            [blockedTagged[0]?.version.id],
          );
          // The last-tagged rule leaves a version, so the last-active rule blocks nothing more.
          assert.equal(changes.blocked.filter((b) => b.why === WHY_LAST).length, 0);
        }
      }),
      runs,
    );
  });

  it("`list --match` selects what a spec with that one selector keeps as `keep`, and deletes as `delete`", () => {
    const typed = fc
      .tuple(fc.constantFrom("container" as const, "npm" as const), selector)
      .filter(([type, sel]) => type === "container" || !("tag" in sel || "untagged" in sel));
    fc.assert(
      fc.property(typed, versions(false), ([type, sel], list) => {
        const matched = matchingVersions(compileSelector(sel, "--match"), type, list, NOW);
        const ids = (ops: readonly { action: string; version: { id: number } }[], action: string) =>
          new Set(ops.filter((o) => o.action === action).map((o) => o.version.id));
        const wanted = (changes: Changes, action: string) =>
          new Set([...ids(changes.operations, action), ...ids(changes.blocked, action)]);
        const active = list.filter((v) => v.state === "active").map((v) => v.id);
        const deleted = list.filter((v) => v.state === "deleted").map((v) => v.id);

        const keeping = plan(packageSpec({ type, keep: [sel], unmatched: "delete" }), list);
        const goneByKeep = wanted(keeping, "delete");
        const restored = wanted(keeping, "restore");
        const deleting = wanted(plan(packageSpec({ type, delete: [sel] }), list), "delete");
        for (const id of active) {
          assert.equal(matched.has(id), !goneByKeep.has(id), `keep and --match disagree on ${id}`);
          assert.equal(matched.has(id), deleting.has(id), `delete and --match disagree on ${id}`);
        }
        // A deleted version is matched only as a keep would restore it: named exactly.
        for (const id of deleted)
          assert.equal(matched.has(id), restored.has(id), `restore and --match disagree on ${id}`);
      }),
      runs,
    );
  });
});

interface ImagesCase {
  readonly versions: readonly PackageVersion[];
  readonly edges: readonly (readonly [number, number])[];
  readonly restore: readonly number[];
  readonly untaggedGo: boolean;
}

/**
 * Container images as a DAG: version i may list versions below it (content addressing makes no
 * cycle), some lists shared by several images, some nested; about half the versions deleted, some of
 * them more than 30 days ago; keeps that name deleted images by id, so that restores bring children.
 */
const images: fc.Arbitrary<ImagesCase> = fc.integer({ min: 2, max: 14 }).chain((n) =>
  fc.record({
    versions: fc.tuple(
      ...Array.from({ length: n }, (_, i) =>
        fc
          .record({
            age: fc.integer({ min: 40, max: 90 }),
            deleted: fc.option(fc.constantFrom(1, 5, 29, 31, 45), { freq: 2 }),
            tag: fc.constantFrom(undefined, undefined, `v${i + 1}`),
          })
          .map(({ age, deleted, tag }) =>
            version(i + 1, `sha256:${i + 1}`, age, {
              tags: tag ? [tag] : [],
              ...(deleted === null ? {} : { deletedDaysAgo: deleted }),
            }),
          ),
      ),
    ),
    edges: fc.array(fc.tuple(fc.integer({ min: 1, max: n }), fc.integer({ min: 1, max: n })), {
      maxLength: 2 * n,
    }),
    restore: fc.uniqueArray(fc.integer({ min: 1, max: n }), { minLength: 1, maxLength: 3 }),
    untaggedGo: fc.boolean(),
  }),
);

function imagePlan({ versions, edges, restore, untaggedGo }: ImagesCase) {
  const children: Record<string, string[]> = {};
  for (const [a, b] of edges) if (a > b) (children[`sha256:${a}`] ??= []).push(`sha256:${b}`);
  const graph: ImageGraph = { children: new Map(Object.entries(children)), unreadable: undefined };
  // One active version besides, so that no rule here meets GitHub's last-version refusals.
  const all = [...versions, version(100, "sha256:stays", 1, { tags: ["stays"] })];
  const s = packageSpec({
    keep: [{ id: [...restore] }],
    ...(untaggedGo ? { delete: [{ untagged: true }] } : {}),
  });
  return { changes: planChanges([s], [{ ref: s, versions: all, graph }], NOW), children, all };
}

const tooOld = (v: PackageVersion) => v.deletedAt !== null && NOW - Date.parse(v.deletedAt) > 30 * DAY;

describe("planner properties: children follow their parents back", () => {
  it("a restored image is whole: everything under it is active afterwards, and restored before it", () => {
    fc.assert(
      fc.property(images, (c) => {
        const { changes, children, all } = imagePlan(c);
        const after = applied(all, changes);
        const state = new Map(after.map((v) => [v.name, v.state]));
        const restores = new Map(
          changes.operations.filter((o) => o.action === "restore").map((o) => [o.version.name, o]),
        );
        const wasDeleted = new Set(all.filter((v) => v.state === "deleted").map((v) => v.name));
        for (const name of restores.keys()) {
          // Its deleted children, and theirs (nested indexes), are active once the plan is applied.
          // (What an active child misses is that image's own matter: it was broken before the plan.)
          const below = (children[name] ?? []).filter((c) => wasDeleted.has(c));
          for (let i = 0; i < below.length; i++) {
            const child = below[i]!;
            assert.equal(state.get(child), "active", `${child}, under restored ${name}, stays deleted`);
            below.push(...(children[child] ?? []).filter((c) => wasDeleted.has(c) && !below.includes(c)));
          }
          // And each deleted child restored by the plan names every restored image that lists it,
          // which apply restores only after it.
          for (const child of children[name] ?? []) {
            const op = restores.get(child);
            if (!op) continue;
            const parents = op.parentIds ?? (op.parentId === undefined ? [] : [op.parentId]);
            assert.ok(parents.includes(Number(name.slice(7))), `${child} does not wait for ${name}`);
          }
        }
        for (const op of restores.values())
          assert.ok(!tooOld(op.version), `${op.version.id} is past 30 days`);
      }),
      runs,
    );
  });

  it("an image's restore is blocked exactly when something under it was deleted more than 30 days ago", () => {
    fc.assert(
      fc.property(images, (c) => {
        const { changes, children, all } = imagePlan(c);
        const byName = new Map(all.map((v) => [v.name, v]));
        const pastWindow = (name: string, seen = new Set<string>()): boolean => {
          const v = byName.get(name);
          if (!v || v.state !== "deleted" || seen.has(name)) return false;
          seen.add(name);
          return tooOld(v) || (children[name] ?? []).some((child) => pastWindow(child, seen));
        };
        for (const id of c.restore) {
          const v = byName.get(`sha256:${id}`)!;
          if (v.state !== "deleted") continue;
          const restored = changes.operations.some((o) => o.action === "restore" && o.version.id === id);
          const blocked = changes.blocked.find((b) => b.action === "restore" && b.version.id === id);
          assert.equal(restored, !pastWindow(v.name), `restore of ${id}`);
          assert.equal(blocked !== undefined, pastWindow(v.name), `blocked restore of ${id}`);
          if (blocked)
            assert.ok(tooOld(v) ? blocked.why === WHY_TOO_OLD : /would not pull/.test(blocked.why));
        }
      }),
      runs,
    );
  });

  it("applying a plan that restores images, then planning again, gives nothing to do", () => {
    fc.assert(
      fc.property(images, (c) => {
        const { changes, children, all } = imagePlan(c);
        const graph: ImageGraph = { children: new Map(Object.entries(children)), unreadable: undefined };
        const s = packageSpec({ keep: [{ id: [...c.restore] }] });
        const again = planChanges([s], [{ ref: s, versions: applied(all, changes), graph }], NOW);
        assert.deepEqual(
          again.operations.filter((o) => o.action === "restore"),
          [],
        );
      }),
      runs,
    );
  });
});

describe("planner properties: owners and names whatever their case", () => {
  it("a spec that writes the owner or the name in another case plans the same operations", () => {
    const shout = (text: string, how: number) =>
      how === 0 ? text : how === 1 ? text.toUpperCase() : text.replace(/^./, (ch) => ch.toUpperCase());
    fc.assert(
      fc.property(spec(false), versions(false), fc.nat(2), fc.nat(2), (s, list, ownerCase, nameCase) => {
        const written = { ...s, owner: shout(s.owner, ownerCase), name: shout(s.name, nameCase) };
        // The live state names the package as GitHub lists it; the spec, as its author wrote it.
        const mixed = planChanges([written], [{ ref: s, versions: list }], NOW);
        const ids = (changes: Changes) =>
          [...changes.operations, ...changes.blocked].map((o) => `${o.action} ${o.version.id}`);
        assert.deepEqual(ids(mixed), ids(plan(s, list)));
        assert.deepEqual(mixed.summary, plan(s, list).summary);
      }),
      runs,
    );
  });
});
