import { afterEach, describe, it } from "node:test";
import assert from "node:assert/strict";
import { cpSync, mkdtempSync, readFileSync } from "node:fs";
import { createHash } from "node:crypto";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { PlanJson } from "../../src/plan/json.js";
import type { Sandbox } from "../../src/sandbox/server.js";
import type { SandboxState, SandboxVersion } from "../../src/sandbox/state.js";
import { ROOT, runCli } from "../helpers/cli.js";
import { E2E_NOW, startExampleSandbox } from "../helpers/e2e.js";
import { imageVersion } from "../helpers/images.js";
import { cliEnv, pkg, state } from "../helpers/sandbox.js";
import { world, type World } from "../helpers/world.js";

const NOW = Date.parse(E2E_NOW);
const sha = (text: string) => `sha256:${createHash("sha256").update(text).digest("hex")}`;
const MB = 1_000_000;

/**
 * Three multi-platform releases built on one base: every platform image shares the base layer of
 * its architecture, v1 and v2 share a dependencies layer, v2 and v3 another. v1 is signed with
 * cosign (by tag), a loose untagged build reuses v1's amd64 app layer, and an old untagged image
 * shares only the base. Configs are blobs the sandbox holds (measured by their bytes).
 */
function releases(): SandboxState {
  const configs: unknown[] = [];
  const config = (label: string) => {
    const value = { architecture: label.endsWith("arm64") ? "arm64" : "amd64", os: "linux", label };
    configs.push(value);
    const text = JSON.stringify(value);
    return { mediaType: "application/vnd.oci.image.config.v1+json", digest: sha(text), size: text.length };
  };
  const layer = (name: string, size: number) => ({
    mediaType: "application/vnd.oci.image.layer.v1.tar+gzip",
    digest: sha(`layer ${name}`),
    size,
  });
  const image = (label: string, layers: ReturnType<typeof layer>[], extra: Record<string, unknown> = {}) => ({
    schemaVersion: 2,
    mediaType: "application/vnd.oci.image.manifest.v1+json",
    ...extra,
    config: config(label),
    layers,
  });
  const base = { amd64: layer("base amd64", 30 * MB), arm64: layer("base arm64", 28 * MB) };
  const deps = { one: layer("deps one", 12 * MB), two: layer("deps two", 14 * MB) };
  const versions: SandboxVersion[] = [];
  let id = 100;
  const add = (manifest: Record<string, unknown>, ageDays: number, tags: string[] = []) => {
    const v = imageVersion(++id, manifest, { tags, ageDays, now: NOW });
    versions.push(v);
    return v;
  };
  const release = (tag: string, ageDays: number, depsLayer: ReturnType<typeof layer>) => {
    const platforms = (["amd64", "arm64"] as const).map((arch) =>
      add(
        image(`${tag}/${arch}`, [base[arch], depsLayer, layer(`${tag} app ${arch}`, 3 * MB + ageDays)]),
        ageDays,
      ),
    );
    const attestation = add(
      image(`${tag}/attestation`, [layer(`${tag} provenance`, 4_000 + ageDays)], {
        artifactType: "application/vnd.in-toto+json",
      }),
      ageDays,
    );
    const index = add(
      {
        schemaVersion: 2,
        mediaType: "application/vnd.oci.image.index.v1+json",
        manifests: [...platforms, attestation].map((v) => ({
          mediaType: "application/vnd.oci.image.manifest.v1+json",
          digest: v.name,
          size: JSON.stringify(v.manifest).length,
        })),
      },
      ageDays,
      [tag],
    );
    return index;
  };
  const v1 = release("v1", 120, deps.one);
  release("v2", 90, deps.one);
  release("v3", 2, deps.two);
  add(image("v1 signature", [layer("v1 signature", 1_200)]), 119, [`sha256-${v1.name.slice(7)}.sig`]);
  add(image("loose build", [base.amd64, layer("v1 app amd64", 3 * MB + 120)]), 60);
  add(image("old build", [base.amd64, layer("old build", 7 * MB)]), 40);
  add(image("latest", [base.amd64, deps.two, layer("latest app", 5 * MB)]), 1, ["latest"]);
  return { ...state([pkg("container", "web", versions)]), blobs: configs };
}

const SPEC = `version: 1
owner: octocat
defaults:
  delete:
    - untagged: true
      olderThan: 14d
packages:
  - type: container
    name: web
    keep:
      - tag: latest
      - tag: v3
    delete:
      - olderThan: 60d
`;

let w: World | undefined;
let example: Sandbox | undefined;
afterEach(async () => {
  await w?.close();
  await example?.close();
  w = example = undefined;
});

const storageOf = async (url: string) =>
  (await (await fetch(`${url}/_sandbox/storage`)).json()) as {
    packages: { owner: string; name: string; stored: number; freed: number }[];
    freed: number;
  };

describe("bytes_freed: the plan's estimate is what the apply frees", () => {
  it("to the byte, with shared base layers, a layer two deleted releases share, children and a cosign signature", async () => {
    w = await world(releases(), SPEC);
    const planned = await w.cli(["plan", "--out", "plan.json", "--now", E2E_NOW]);
    assert.equal(planned.code, 0, planned.stderr);
    const plan = JSON.parse(readFileSync(join(w.dir, "plan.json"), "utf8")) as PlanJson;
    const estimate = plan.summary.bytes_freed;
    assert.equal(typeof estimate, "number");
    assert.equal(plan.packages[0]?.bytes_freed, estimate);
    // v1, v2 (each an index, two platform images and an attestation), v1's signature, the loose
    // build and the old build: 11 of 16.
    assert.equal(plan.summary.delete, 11, planned.stdout);
    assert.match(planned.stdout, /^octocat\/container\/web: 16 active, 0 deleted; frees 31\.0 MB$/m);
    assert.match(planned.stdout, /^Frees 31\.0 MB\.$/m);

    const applied = await w.cli(["apply", "plan.json", "--yes", "--write-interval", "0"]);
    assert.equal(applied.code, 0, applied.stderr);
    const measured = await storageOf(w.sandbox.url);
    assert.equal(estimate, measured.freed);
    assert.equal(plan.packages[0]?.bytes_after, measured.packages[0]?.stored);
    assert.equal(plan.packages[0]?.bytes_before, (plan.packages[0]?.bytes_after ?? 0) + (estimate ?? 0));
    // Not the sum of what the deleted versions name: the base layers and deps two stay, deps one counts once.
    assert.ok(estimate !== null && estimate < 2 * (30 + 28 + 12) * MB, String(estimate));
  });

  it("to the byte on the bundled examples (the README's tour)", async () => {
    example = await startExampleSandbox();
    const dir = mkdtempSync(join(tmpdir(), "ghpkg-freed-"));
    cpSync(join(ROOT, "examples"), join(dir, "examples"), { recursive: true });
    const run = (...args: string[]) => runCli(args, { cwd: dir, env: cliEnv(example!.url) });
    const planned = await run("plan", "-f", "examples/", "--out", "plan.json", "--now", E2E_NOW);
    assert.equal(planned.code, 0, planned.stderr);
    const plan = JSON.parse(readFileSync(join(dir, "plan.json"), "utf8")) as PlanJson;
    const applied = await run("apply", "plan.json", "--yes", "--write-interval", "0");
    assert.equal(applied.code, 0, applied.stderr);
    const measured = await storageOf(example.url);
    assert.ok((plan.summary.bytes_freed ?? 0) > 0);
    assert.equal(plan.summary.bytes_freed, measured.freed);
    for (const p of plan.packages.filter((p) => p.package_type === "container"))
      assert.equal(
        p.bytes_freed ?? 0,
        measured.packages.find((m) => m.owner === p.owner && m.name === p.package_name)?.freed,
        `${p.owner}/${p.package_name}`,
      );
  });
});
