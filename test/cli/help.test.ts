import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { runCli } from "../helpers/cli.js";

describe("ghpkg --help", () => {
  // ghpkg asks GitHub whether an owner is a user or an organisation: both work, and the help says so.
  it("says whose packages ghpkg keeps: a user's or an organisation's", async () => {
    const help = await runCli(["--help"]);
    assert.equal(help.code, 0, help.stderr);
    assert.match(
      help.stdout,
      /^Keep the versions of a user's or an organisation's GitHub Packages in the state/m,
    );
  });
});
