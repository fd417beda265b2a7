import { Option, type Command } from "commander";
import type { GlobalContext } from "../context.js";
import type { ImportFlags } from "../run/import.js";
import { ownerArg, packageArg } from "../flags/package-arg.js";

export function registerImport(program: Command, context: GlobalContext): void {
  program
    .command("import")
    .description("print a spec that keeps exactly the live active versions of the named packages")
    .requiredOption("--owner <login>", "the GitHub user or organisation that owns the packages", ownerArg)
    .requiredOption(
      "--package <type/name>",
      "a package as TYPE/NAME; NAME may be a glob or /regex/, for one entry per package found (repeatable)",
      packageArg,
    )
    .addOption(new Option("--format <format>", "output format").choices(["yaml"]).default("yaml"))
    .addHelpText(
      "after",
      "\nExamples:\n  ghpkg import --owner octocat --package container/web --package npm/lib > ghpkg.yaml\n  ghpkg import --owner octo-org --package 'container/svc-*' > ghpkg.yaml\n  ghpkg plan -f ghpkg.yaml   # No changes",
    )
    .action(async (flags: ImportFlags) => (await import("../run/import.js")).runImport(context, flags));
}
