import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { neutraliseCommands, problemAnnotation } from "../../src/render/workflow-commands.js";

describe("neutraliseCommands", () => {
  const cases: [text: string, shown: string][] = [
    ["plain text\n", "plain text\n"],
    ["a::b and c:: stay\n", "a::b and c:: stay\n"],
    ["::warning::x\n", "\\::warning::x\n"],
    ["ok\n::set-output name=a::b\n", "ok\n\\::set-output name=a::b\n"],
    ["ok\r  ::add-mask::s\r\n\t::error::e", "ok\r  \\::add-mask::s\r\n\t\\::error::e"],
    ["\u00a0::notice::nbsp", "\u00a0\\::notice::nbsp"],
    ["mid ##[set-output name=a;]b ##[x]", "mid #\\#[set-output name=a;]b #\\#[x]"],
  ];
  for (const [text, shown] of cases)
    it(JSON.stringify(text), () => assert.equal(neutraliseCommands(text), shown));
});

describe("problemAnnotation", () => {
  it("escapes what workflow commands read as syntax, and shows control characters", () => {
    assert.equal(
      problemAnnotation({ file: "a,b:c.yaml", line: 2, column: 3, message: "50% x\n::warning::y" }),
      "::error file=a%2Cb%3Ac.yaml,line=2,col=3::50%25 x\\n::warning::y",
    );
  });
});
