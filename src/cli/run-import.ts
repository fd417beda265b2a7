import { importedSpec } from "../gitops/import.js";
import type { PackageRef, PackageType } from "../model/package.js";
import { connect } from "./connect.js";
import type { GlobalContext } from "./context.js";

export interface ImportFlags {
  owner: string;
  package: { type: PackageType; name: string }[];
  format: "yaml";
}

export async function runImport(context: GlobalContext, flags: ImportFlags): Promise<void> {
  const { source } = connect(context, { concurrency: 8, progress: false });
  const packages = await Promise.all(
    flags.package.map(async ({ type, name }) => {
      const ref: PackageRef = { owner: flags.owner, type, name };
      return { ref, versions: await source.listVersions(ref, "active") };
    }),
  );
  context.output().out(importedSpec(flags.owner, packages, new Date()));
}
