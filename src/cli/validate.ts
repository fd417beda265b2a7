import type { Command } from "commander";
import { loadSpec } from "../spec/load.js";
import type { GlobalContext } from "./context.js";
import { specOption, specPaths } from "./spec-option.js";

export function registerValidate(program: Command, context: GlobalContext): void {
  program
    .command("validate")
    .description("check the spec against the schema and its semantics; reads nothing from GitHub")
    .addOption(specOption())
    .addHelpText("after", "\nExample:\n  ghpkg validate -f ghpkg.yaml -f specs/")
    .action((options: { file?: string[] }) => {
      const spec = loadSpec(specPaths(options.file));
      const files = spec.files.length;
      context
        .output()
        .out(
          `ok: ${spec.packages.length} ${spec.packages.length === 1 ? "package" : "packages"} in ${files} ${files === 1 ? "file" : "files"}`,
        );
    });
}
