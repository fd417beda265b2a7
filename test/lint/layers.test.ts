import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ESLint } from "eslint";
import tseslint from "typescript-eslint";
import { ROOT } from "../helpers/cli.js";

/** The layer rules exactly as the project's lint runs them, on a fixture placed at `filePath`. */
async function lintAs(fixture: string, filePath: string): Promise<string[]> {
  const { layerRules } = (await import(join(ROOT, "eslint.layers.js"))) as { layerRules: unknown[] };
  const eslint = new ESLint({
    cwd: ROOT,
    overrideConfigFile: true,
    overrideConfig: [
      { files: ["**/*.ts"], languageOptions: { parser: tseslint.parser } },
      ...(layerRules as ESLint.Options["overrideConfig"][]),
    ] as ESLint.Options["overrideConfig"],
  });
  const text = readFileSync(join(ROOT, "test/fixtures/lint", fixture), "utf8");
  const [result] = await eslint.lintText(text, { filePath: join(ROOT, filePath) });
  return (result?.messages ?? []).map((m) => `${m.line}: ${m.message}`);
}

describe("layers that lint holds", () => {
  it("refuses an upward import: plan/ importing live/", async () => {
    const messages = await lintAs("plan-imports-live.ts.txt", "src/plan/fixture.ts");
    assert.equal(messages.length, 1, messages.join("\n"));
    assert.match(messages[0] ?? "", /^1: .*src\/plan\/ may import only from model, select, spec/);
  });

  it("refuses an upward import from a nested folder, whatever its depth", async () => {
    const messages = await lintAs("nested-imports-live.ts.txt", "src/sandbox/routes/fixture.ts");
    assert.equal(messages.length, 1, messages.join("\n"));
    assert.match(messages[0] ?? "", /^1: src\/sandbox\/ may import only from model, not live\//);
    const deeper = await lintAs("nested-imports-live.ts.txt", "src/cli/run/deeper/fixture.ts");
    assert.deepEqual(deeper, [], "cli/ may import live/, from any depth");
  });

  it("refuses an upward import() too: lazy loading is no way around the layers", async () => {
    const messages = await lintAs("nested-dynamic-import.ts.txt", "src/render/nested/fixture.ts");
    assert.equal(messages.length, 1, messages.join("\n"));
    assert.match(messages[0] ?? "", /src\/render\/ may import only from .*, not reconcile\//);
  });

  it("refuses a folder that is not a layer yet: every folder says what it may import", async () => {
    const messages = await lintAs("plan-imports-model.ts.txt", "src/newfolder/fixture.ts");
    assert.equal(messages.length, 2, messages.join("\n"));
    assert.match(messages[0] ?? "", /src\/newfolder\/ is not a layer eslint\.layers\.js knows/);
  });

  it("lets plan/ import what lies below it", async () => {
    assert.deepEqual(await lintAs("plan-imports-model.ts.txt", "src/plan/fixture.ts"), []);
  });

  it("lets only the client module import Octokit", async () => {
    const elsewhere = await lintAs("github-imports-octokit.ts.txt", "src/live/github.ts");
    assert.equal(elsewhere.length, 1, elsewhere.join("\n"));
    assert.match(elsewhere[0] ?? "", /Only src\/live\/client\.ts talks to Octokit/);
    assert.deepEqual(await lintAs("github-imports-octokit.ts.txt", "src/live/client.ts"), []);
  });
});
