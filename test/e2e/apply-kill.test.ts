import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { readJournal } from "../../src/journal/journal.js";
import type { PlanJson } from "../../src/plan/json.js";
import { startSandbox } from "../../src/sandbox/server.js";
import type { SandboxPackage } from "../../src/sandbox/state.js";
import { runCli, startCli } from "../helpers/cli.js";
import { startProxy } from "../helpers/proxy.js";
import { cliEnv, pkg, state, versions } from "../helpers/sandbox.js";

interface PackageCase {
  readonly count: number;
  /** Indexes of versions deleted a day ago (restorable), and the one a keep names exactly. */
  readonly deleted: number[];
  readonly named: number;
  readonly newest: number;
  readonly olderThanDays: number;
}

const packageCase: fc.Arbitrary<PackageCase> = fc.integer({ min: 3, max: 8 }).chain((count) =>
  fc.record({
    count: fc.constant(count),
    deleted: fc.subarray(Array.from({ length: count }, (_, i) => i)),
    named: fc.integer({ min: 0, max: count - 1 }),
    newest: fc.integer({ min: 1, max: 3 }),
    olderThanDays: fc.integer({ min: 1, max: count }),
  }),
);

function sandboxPackage(c: PackageCase, index: number): SandboxPackage {
  const list = versions(c.count, { firstId: 100 * (index + 1) });
  for (const i of c.deleted) list[i]!.deleted_at = new Date(Date.now() - 86_400_000).toISOString();
  return pkg("npm", `lib${index}`, list);
}

function specYaml(cases: readonly PackageCase[]): string {
  const packages = cases.map(
    (c, i) => `  - type: npm
    name: lib${i}
    keep:
      - newest: ${c.newest}
      - name: "1.0.${c.count - c.named}"
    delete:
      - olderThan: ${c.olderThanDays}d
`,
  );
  return `version: 1\nowner: octocat\npackages:\n${packages.join("")}`;
}

const mutationKey = (method: string, path: string) =>
  `${method === "DELETE" ? "delete" : "restore"} ${/versions\/(\d+)/.exec(path)?.[1] ?? "?"}`;

describe("a run killed after any number of mutations", () => {
  it(
    "property: the journal's sent lines are exactly the mutations GitHub received, and a second apply converges",
    { timeout: 120_000 },
    () =>
      fc.assert(
        fc.asyncProperty(
          fc.array(packageCase, { minLength: 1, maxLength: 2 }),
          fc.nat(),
          async (cases, killSeed) => {
            const sandbox = await startSandbox({ state: state(cases.map(sandboxPackage)) });
            const proxy = await startProxy(sandbox.url);
            try {
              const dir = mkdtempSync(join(tmpdir(), "ghpkg-kill-"));
              writeFileSync(join(dir, "ghpkg.yaml"), specYaml(cases));
              const env = cliEnv(proxy.url);
              const planned = await runCli(["plan", "--format", "json"], { cwd: dir, env });
              assert.equal(planned.code, 0, planned.stderr);
              const plan = JSON.parse(planned.stdout) as PlanJson;
              if (plan.operations.length === 0) return;
              const k = killSeed % plan.operations.length;

              // Hold the (k+1)th mutation on the wire, kill the run there, then let the wire deliver it.
              proxy.hooks.holdMutation = (i) => i === k;
              // Paced, as by default: one on the wire at a time, however many --concurrency allows.
              const apply = ["apply", "--yes", "--write-interval", "20", "--concurrency", "4"];
              const { child, result } = startCli(apply, { cwd: dir, env });
              await proxy.until(() => proxy.held.length === 1);
              child.kill("SIGKILL");
              await result;
              await proxy.release();

              const sent = readJournal(join(dir, ".ghpkg", "journal.jsonl"))
                .filter((e) => e.event === "sent")
                .map((e) => `${e.action} ${e.version_id}`);
              const received = sandbox.requests
                .filter((r) => r.method === "DELETE" || r.method === "POST")
                .map((r) => mutationKey(r.method, r.path));
              assert.equal(sent.length, k + 1);
              assert.deepEqual([...sent].sort(), [...received].sort());

              delete proxy.hooks.holdMutation;
              const again = await runCli(apply, { cwd: dir, env });
              assert.equal(again.code, 0, again.stderr);
              for (const op of plan.operations) {
                const v = sandbox.state.packages
                  .find((p) => p.name === op.package_name)
                  ?.versions.find((x) => x.id === op.version_id);
                assert.equal(v?.deleted_at !== null, op.action === "delete", `${op.action} ${op.version_id}`);
              }
              const after = await runCli(["plan", "--detailed-exitcode"], { cwd: dir, env });
              assert.equal(after.code, 0, after.stdout);
            } finally {
              await proxy.close();
              await sandbox.close();
            }
          },
        ),
        { numRuns: 3 },
      ),
  );
});
