import { importedSpec } from "../../gitops/import.js";
import { UserError } from "../../model/errors.js";
import { packagesNamed } from "../../reconcile/expand-patterns.js";
import type { GlobalContext } from "../context.js";
import { checkPackagePatterns } from "../flags/package-patterns.js";
import { connecting } from "../connect.js";
import { type PackageArg } from "../flags/package-arg.js";

// --concurrency's default (cli/flags.ts), written out: importing flags.js from this lazily loaded
// module would split it into a chunk of its own that every command then loads at start-up.
const IMPORT_CONCURRENCY = 32;

export interface ImportFlags {
  owner: string;
  package: PackageArg[];
  format: "yaml";
}

export async function runImport(global: GlobalContext, flags: ImportFlags): Promise<void> {
  checkPackagePatterns(flags.package);
  const context = connecting(global);
  const { source } = context.connect({ concurrency: IMPORT_CONCURRENCY, progress: false });
  const { refs, unmatched } = await packagesNamed(source, flags.owner, flags.package);
  for (const note of unmatched) context.output().err(`note: ${note}`);
  if (refs.length === 0) throw new UserError("no package to import: no --package named or matched one");
  const packages = await Promise.all(
    refs.map(async (ref) => ({ ref, versions: await source.listVersions(ref, "active") })),
  );
  context.output().out(importedSpec(flags.owner, packages, new Date()));
}
