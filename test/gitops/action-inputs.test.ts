import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readInputs } from "../../src/gitops/action-inputs.js";

describe("the Action's inputs", () => {
  it("arrive as INPUT_<NAME> with hyphens kept; spec and args split on any whitespace", () => {
    const inputs = readInputs({
      INPUT_COMMAND: "apply",
      INPUT_SPEC: "specs/team-a.yaml\n  specs/team-b/ \n",
      INPUT_TOKEN: "ghp_x",
      "INPUT_GITHUB-TOKEN": "ghs_y",
      "INPUT_API-URL": "https://ghes.example/api/v3",
      "INPUT_REGISTRY-URL": "https://containers.ghes.example",
      INPUT_ARGS: "--max-deletes 50\n--max-duration 5h",
    });
    assert.deepEqual(inputs, {
      command: "apply",
      specs: ["specs/team-a.yaml", "specs/team-b/"],
      token: "ghp_x",
      githubToken: "ghs_y",
      apiUrl: "https://ghes.example/api/v3",
      registryUrl: "https://containers.ghes.example",
      args: ["--max-deletes", "50", "--max-duration", "5h"],
    });
  });

  it("defaults: plan of ghpkg.yaml", () => {
    const inputs = readInputs({ INPUT_TOKEN: "t" });
    assert.equal(inputs.command, "plan");
    assert.deepEqual(inputs.specs, ["ghpkg.yaml"]);
  });

  it("the packages' token comes from the token input only, never from the environment", () => {
    assert.throws(
      () => readInputs({ INPUT_COMMAND: "plan", GITHUB_TOKEN: "from-env", GH_TOKEN: "from-env" }),
      /^UserError: the token input is empty: plan needs the packages' token/,
    );
    assert.equal(readInputs({ INPUT_COMMAND: "validate" }).token, "", "validate needs none");
  });

  it("an unknown command is one clear line", () => {
    assert.throws(() => readInputs({ INPUT_COMMAND: "destroy", INPUT_TOKEN: "t" }), {
      message: "the command input must be validate, plan or apply, not `destroy`",
    });
  });
});
