import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { PassThrough } from "node:stream";
import { confirm } from "../../src/cli/terminal/confirm.js";
import { InterruptedError } from "../../src/model/errors.js";

/** A terminal as readline sees one: keys typed on `input`, the question written to `output`. */
function terminal(): { input: PassThrough & { isTTY: boolean }; output: PassThrough & { isTTY: boolean } } {
  const input = Object.assign(new PassThrough(), { isTTY: true, setRawMode: () => input });
  const output = Object.assign(new PassThrough(), { isTTY: true, columns: 80 });
  return { input, output };
}

describe("confirm", () => {
  it("yes is yes, anything else is no", async () => {
    for (const [typed, answer] of [
      ["y\r", true],
      ["yes\r", true],
      ["n\r", false],
      ["\r", false],
    ] as const) {
      const { input, output } = terminal();
      const asked = confirm("Apply?", input, output);
      input.write(typed);
      assert.equal(await asked, answer, JSON.stringify(typed));
    }
  });

  it("Ctrl-C at the question is an interruption (exit 130), not an internal error", async () => {
    const { input, output } = terminal();
    const asked = confirm("Apply?", input, output);
    input.write("\u0003");
    await assert.rejects(
      asked,
      (error: unknown) => error instanceof InterruptedError && error.exitCode === 130,
    );
  });
});
