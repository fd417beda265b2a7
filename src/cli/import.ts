import { Option, type Command } from "commander";
import { importedSpec } from "../gitops/import.js";
import { UserError } from "../model/errors.js";
import { packagesNamed } from "../reconcile/expand-patterns.js";
import type { GlobalContext } from "./context.js";
import { ownerArg, packageArg, type PackageArg } from "./package-arg.js";

interface ImportFlags {
  owner: string;
  package: PackageArg[];
  format: "yaml";
}

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
    .action(async (flags: ImportFlags) => {
      const { source } = context.connect({ concurrency: 8, progress: false });
      const { refs, unmatched } = await packagesNamed(source, flags.owner, flags.package);
      for (const note of unmatched) context.output().err(`note: ${note}`);
      if (refs.length === 0) throw new UserError("no package to import: no --package named or matched one");
      const packages = await Promise.all(
        refs.map(async (ref) => ({ ref, versions: await source.listVersions(ref, "active") })),
      );
      context.output().out(importedSpec(flags.owner, packages, new Date()));
    });
}
