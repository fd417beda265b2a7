import { InvalidArgumentError, Option, type Command } from "commander";
import { PACKAGE_TYPES, type PackageType } from "../model/package.js";
import type { GlobalContext } from "./context.js";
import type { ImportFlags } from "./run-import.js";

export function registerImport(program: Command, context: GlobalContext): void {
  program
    .command("import")
    .description("print a spec that keeps exactly the live active versions of the named packages")
    .requiredOption("--owner <user>", "the GitHub user who owns the packages")
    .requiredOption("--package <type/name>", "a package, as TYPE/NAME (repeatable)", packageArg)
    .addOption(new Option("--format <format>", "output format").choices(["yaml"]).default("yaml"))
    .addHelpText(
      "after",
      "\nExample:\n  ghpkg import --owner octocat --package container/web --package npm/lib > ghpkg.yaml\n  ghpkg plan -f ghpkg.yaml   # No changes",
    )
    .action(async (flags: ImportFlags) => (await import("./run-import.js")).runImport(context, flags));
}

function packageArg(value: string, previous: { type: PackageType; name: string }[] | undefined) {
  const slash = value.indexOf("/");
  const type = value.slice(0, slash) as PackageType;
  const name = value.slice(slash + 1);
  if (slash < 1 || !PACKAGE_TYPES.includes(type) || name === "")
    throw new InvalidArgumentError(`expected TYPE/NAME with TYPE one of ${PACKAGE_TYPES.join(", ")}`);
  return [...(previous ?? []), { type, name }];
}
