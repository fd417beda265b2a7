import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { renderMarkdown } from "../../src/render/markdown.js";
import {
  COMMENT_LIMIT,
  JOB_SUMMARY_LIMIT,
  characters,
  renderMarkdownWithin,
  utf8Bytes,
  type MarkdownBudget,
} from "../../src/render/markdown-budget.js";
import { bigPlan } from "../helpers/big-plan.js";
import { NOW } from "../helpers/versions.js";

const comment: MarkdownBudget = {
  limit: COMMENT_LIMIT,
  measure: characters,
  whereTheRestIs: "the job summary",
};
const jobSummary: MarkdownBudget = {
  limit: JOB_SUMMARY_LIMIT,
  measure: utf8Bytes,
  whereTheRestIs: "the saved plan file",
};

/** Operation rows shown: every table row of a package section starts with its action. */
const shownRows = (markdown: string) =>
  markdown.match(/^\| (?:↳ )*(?:blocked )?(?:delete|restore) \|/gm)?.length ?? 0;
const moreOperations = (markdown: string) => Number(/(\d+) more operations?\b/.exec(markdown)?.[1] ?? 0);

describe("the Markdown plan within a budget", () => {
  const huge = bigPlan([{ name: "web", deletes: 20_000 }]);
  const whole = renderMarkdown(huge, NOW);

  it("a 20,000-version plan is far over both limits whole", () => {
    assert.ok(characters(whole) > COMMENT_LIMIT);
    assert.ok(utf8Bytes(whole) > JOB_SUMMARY_LIMIT, `${utf8Bytes(whole)} bytes`);
  });

  for (const [name, budget] of [
    ["comment (65,536 characters)", comment],
    ["job summary (1 MiB)", jobSummary],
  ] as const)
    it(`${name}: fits, shows the summary table first, then says how many more operations and where`, () => {
      const text = renderMarkdownWithin(huge, NOW, budget).markdown;
      assert.ok(budget.measure(text) <= budget.limit, `${budget.measure(text)} > ${budget.limit}`);
      assert.ok(
        text.startsWith(whole.slice(0, whole.indexOf("<details>"))),
        "head and table as in the whole plan",
      );
      const shown = shownRows(text);
      assert.ok(shown > 100, `only ${shown} rows shown`);
      assert.equal(shown + moreOperations(text), 20_000);
      assert.ok(text.endsWith(`(the full plan is in ${budget.whereTheRestIs}).\n`));
      assert.match(text, /\n<\/details>\n\n\*\*… and \d+ more operations\*\*/, "the section is closed");
      // The budget is used, not wasted: one more row would not have fitted.
      assert.ok(budget.measure(text) > budget.limit - 300);
    });

  it("a plan that fits is exactly the whole Markdown plan", () => {
    const small = bigPlan([
      { name: "web", deletes: 30 },
      { type: "npm", name: "lib", deletes: 5 },
    ]);
    assert.deepEqual(renderMarkdownWithin(small, NOW, comment), {
      markdown: renderMarkdown(small, NOW),
      complete: true,
    });
  });

  it("rows stay in order: later packages are left out whole once one is cut", () => {
    const plan = bigPlan([
      { name: "web", deletes: 2_000 },
      { type: "npm", name: "lib", deletes: 3 },
    ]);
    const text = renderMarkdownWithin(plan, NOW, comment).markdown;
    assert.ok(!text.includes("<code>octocat/npm/lib</code>"));
    assert.match(text, /\| `octocat\/npm\/lib` \| 3 \|/, "but the table names it");
    assert.equal(shownRows(text) + moreOperations(text), 2_003);
  });

  it("blocked operations are counted apart from the operations left out", () => {
    const plan = bigPlan([{ name: "web", deletes: 3_000, blocked: 1 }]);
    const text = renderMarkdownWithin(plan, NOW, comment).markdown;
    assert.match(text, /… and \d+ more operations and 1 more blocked operation\*\*/);
    assert.equal(shownRows(text) + moreOperations(text) + 1, 3_001);
  });

  it("a table too long for the budget is cut too, and says how many packages it leaves out", () => {
    const plan = bigPlan(Array.from({ length: 3_000 }, (_, i) => ({ name: `image-${i}`, deletes: 1 })));
    const text = renderMarkdownWithin(plan, NOW, comment).markdown;
    assert.ok(characters(text) <= COMMENT_LIMIT);
    const tableRows = text.match(/^\| `octocat\/container\/image-/gm)?.length ?? 0;
    const more = Number(
      /… and (\d+) more packages in the table and 3000 more operations\*\*/.exec(text)?.[1],
    );
    assert.equal(tableRows + more, 3_000);
  });

  it("stays within any budget that holds the head, at every size from tight to roomy", () => {
    const plan = bigPlan([
      { name: "web", deletes: 400, blocked: 2 },
      { type: "npm", name: "lib", deletes: 50 },
    ]);
    for (let limit = 1_000; limit <= 60_000; limit += 997) {
      const text = renderMarkdownWithin(plan, NOW, { ...comment, limit }).markdown;
      assert.ok(characters(text) <= limit, `${characters(text)} > ${limit}`);
      const blockedLeft = Number(/(\d+) more blocked operations?/.exec(text)?.[1] ?? 0);
      assert.equal(shownRows(text) + moreOperations(text) + blockedLeft, 452, `at ${limit}`);
    }
  });
});
