import { InvalidArgumentError, Option, type Command } from "commander";
import { importedSpec } from "../gitops/import.js";
import { PACKAGE_TYPES, type PackageRef, type PackageType } from "../model/package.js";
import { ownerProblem, packageNameProblem } from "../spec/schema.js";
import type { GlobalContext } from "./context.js";

interface ImportFlags {
  owner: string;
  package: { type: PackageType; name: string }[];
  format: "yaml";
}

export function registerImport(program: Command, context: GlobalContext): void {
  program
    .command("import")
    .description("print a spec that keeps exactly the live active versions of the named packages")
    .requiredOption("--owner <user>", "the GitHub user who owns the packages", ownerArg)
    .requiredOption("--package <type/name>", "a package, as TYPE/NAME (repeatable)", packageArg)
    .addOption(new Option("--format <format>", "output format").choices(["yaml"]).default("yaml"))
    .addHelpText(
      "after",
      "\nExample:\n  ghpkg import --owner octocat --package container/web --package npm/lib > ghpkg.yaml\n  ghpkg plan -f ghpkg.yaml   # No changes",
    )
    .action(async (flags: ImportFlags) => {
      const { source } = context.connect({ concurrency: 8, progress: false });
      const packages = await Promise.all(
        flags.package.map(async ({ type, name }) => {
          const ref: PackageRef = { owner: flags.owner, type, name };
          return { ref, versions: await source.listVersions(ref, "active") };
        }),
      );
      context.output().out(importedSpec(flags.owner, packages, new Date()));
    });
}

function packageArg(value: string, previous: { type: PackageType; name: string }[] | undefined) {
  const slash = value.indexOf("/");
  const type = value.slice(0, slash) as PackageType;
  const name = value.slice(slash + 1);
  if (slash < 1 || !PACKAGE_TYPES.includes(type) || name === "")
    throw new InvalidArgumentError(`expected TYPE/NAME with TYPE one of ${PACKAGE_TYPES.join(", ")}`);
  const problem = packageNameProblem(name);
  if (problem) throw new InvalidArgumentError(problem);
  return [...(previous ?? []), { type, name }];
}

// Names go into request paths: the same rules as in a spec.
function ownerArg(value: string): string {
  const problem = ownerProblem(value);
  if (problem) throw new InvalidArgumentError(problem);
  return value;
}
