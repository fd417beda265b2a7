import { loadSpec } from "../../spec/load.js";
import type { GlobalContext } from "../context.js";
import { specPaths } from "../flags/spec-option.js";

export interface ValidateFlags {
  file?: string[];
}

export function runValidate(context: GlobalContext, options: ValidateFlags): void {
  const spec = loadSpec(specPaths(options.file));
  const files = spec.files.length;
  context
    .output()
    .out(
      `ok: ${spec.packages.length} ${spec.packages.length === 1 ? "package" : "packages"} in ${files} ${files === 1 ? "file" : "files"}`,
    );
}
