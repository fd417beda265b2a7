import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { planSpec } from "../../src/reconcile/plan.js";
import type { PlanPorts } from "../../src/reconcile/ports.js";
import type { Spec } from "../../src/spec/types.js";
import { progressLine } from "../../src/cli/terminal/progress.js";
import type { Output } from "../../src/cli/terminal/output.js";
import { memoryManifests, memorySource } from "../helpers/memory-source.js";
import { packageSpec } from "../helpers/spec.js";
import { NOW, version } from "../helpers/versions.js";

const digest = (n: number) => `sha256:${String(n).padStart(64, "0")}`;

describe("progress while the plan reads manifests", () => {
  it("is told after each manifest read, N of the M the plan reads, ending at M/M", async () => {
    const web = { owner: "octocat", type: "container", name: "web" } as const;
    const api = { owner: "octocat", type: "container", name: "api" } as const;
    const versions = (n: number) =>
      Array.from({ length: n }, (_, i) => version(i + 1, digest(i + 1), 40 - i));
    const source = memorySource(
      [
        { ref: web, versions: versions(7) },
        { ref: api, versions: versions(3) }, // nothing to delete: its manifests are not read
      ],
      "octocat",
      () => NOW,
    );
    const told: string[] = [];
    const reader = memoryManifests(new Map());
    const ports: PlanPorts = {
      source,
      manifests: reader,
      knownDeleted: () => [],
      onManifestProgress: (done, total) => told.push(`${done}/${total}`),
    };
    const spec: Spec = {
      files: ["ghpkg.yaml"],
      packages: [packageSpec({ name: "web", delete: [{ olderThan: "36d" }] }), packageSpec({ name: "api" })],
      digest: "sha256:spec",
    };
    await planSpec(ports, { spec, nowMs: NOW, concurrency: 2, apiUrl: "memory:", specPaths: ["ghpkg.yaml"] });
    assert.equal(reader.reads.length, 7);
    assert.deepEqual(told, ["1/7", "2/7", "3/7", "4/7", "5/7", "6/7", "7/7"]);
  });

  it("shows as one line that rewrites itself on a terminal, after half a second, and never off one", () => {
    const output = { quiet: false } as Output;
    let clock = 0;
    const written: string[] = [];
    const terminal = { isTTY: true, write: (text: string) => written.push(text) };
    const progress = progressLine(output, true, {}, terminal, () => clock);
    progress.manifests(1, 900);
    assert.deepEqual(written, [], "nothing in the first half second");
    clock = 600;
    progress.manifests(120, 900);
    progress.finish();
    assert.deepEqual(written, ["\rreading manifests 120/900\u001b[K", "\r\u001b[K"]);

    const piped: string[] = [];
    const log = progressLine(
      output,
      true,
      {},
      { isTTY: false, write: (t: string) => piped.push(t) },
      () => clock,
    );
    clock = 10_000;
    log.manifests(5, 9);
    const ci = progressLine(output, true, { CI: "true" }, terminal, () => clock);
    clock = 20_000;
    ci.manifests(5, 9);
    assert.deepEqual(piped, []);
    assert.equal(written.length, 2, "not in CI either");
  });
});
