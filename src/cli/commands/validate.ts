import type { Command } from "commander";
import type { GlobalContext } from "../context.js";
import type { ValidateFlags } from "../run/validate.js";
import { specOption } from "../flags/spec-option.js";

export function registerValidate(program: Command, context: GlobalContext): void {
  program
    .command("validate")
    .description("check the spec against the schema and its semantics; reads nothing from GitHub")
    .addOption(specOption())
    .addHelpText("after", "\nExample:\n  ghpkg validate -f ghpkg.yaml -f specs/")
    .action(async (options: ValidateFlags) =>
      (await import("../run/validate.js")).runValidate(context, options),
    );
}
