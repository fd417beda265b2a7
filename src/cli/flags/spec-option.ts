import { Option } from "commander";

/** `-f PATH`, repeatable; not variadic, so that it never swallows a positional PLANFILE. */
export function specOption(): Option {
  return new Option("-f, --file <path>", "spec file or folder (repeatable; default: ghpkg.yaml)").argParser(
    (value: string, previous: string[] | undefined) => [...(previous ?? []), value],
  );
}

export function specPaths(file: string[] | undefined): string[] {
  return file && file.length > 0 ? file : ["ghpkg.yaml"];
}
