import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { escapeLines, escapeText, htmlText, markdownCode, markdownText } from "../../src/render/escape.js";

describe("text from outside, as a person is shown it", () => {
  for (const [given, shown] of [
    ["1.0.0", "1.0.0"],
    ["a\rb\nc\td", "a\\rb\\nc\\td"],
    ["\u001b[31mred\u001b[0m", "\\x1b[31mred\\x1b[0m"],
    ["\u0000\u007f\u0085\u009f", "\\x00\\x7f\\x85\\x9f"],
    ["exe.\u202etxt", "exe.\\u202etxt"],
    [
      "\u2066\u2067\u2068\u2069\u202a\u202b\u202c\u202d",
      "\\u2066\\u2067\\u2068\\u2069\\u202a\\u202b\\u202c\\u202d",
    ],
    ["\u200e\u200f\u061c\u2028\u2029", "\\u200e\\u200f\\u061c\\u2028\\u2029"],
    ["lone \ud800 and \udc00", "lone \\ud800 and \\udc00"],
    ["a pair 😀 stays, as do é and 中", "a pair 😀 stays, as do é and 中"],
    ["a \\ backslash stays", "a \\ backslash stays"],
  ] as const)
    it(`${JSON.stringify(given)} is shown as ${JSON.stringify(shown)}`, () => {
      assert.equal(escapeText(given), shown);
      assert.equal(escapeText(escapeText(given)), shown, "escaping twice changes nothing more");
    });

  it("escapeLines keeps the line breaks of ghpkg's own text", () => {
    assert.equal(escapeLines("one\u001b\ntwo\r"), "one\\x1b\ntwo\\r");
  });

  it("a Markdown code span no backtick or pipe can end", () => {
    assert.equal(markdownCode("v1"), "`v1`");
    assert.equal(markdownCode("a|b"), "`a\\|b`");
    assert.equal(markdownCode("x`y"), "``x`y``");
    assert.equal(markdownCode("`x``"), "``` `x`` ```");
  });

  it("Markdown prose: no link, image, markup or bare address GitHub would link", () => {
    assert.equal(
      markdownText("[x](https://e.example) ![i](y) <b> a@b.c www.e.example #1 *"),
      "\\[x\\]\\(https\\://e.example\\) \\!\\[i\\]\\(y\\) \\<b\\> a\\@b.c www\\.e.example \\#1 \\*",
    );
  });

  it("HTML", () => {
    assert.equal(htmlText('<a href="x">&</a>\n'), "&lt;a href=&quot;x&quot;&gt;&amp;&lt;/a&gt;\\n");
  });
});
