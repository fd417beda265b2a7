import { Document } from "yaml";
import { hasTags, type PackageRef } from "../model/package.js";
import { type PackageVersion } from "../model/version.js";
import { isRegexForm } from "../select/pattern.js";

export interface ImportedPackage {
  readonly ref: PackageRef;
  readonly versions: readonly PackageVersion[];
}

/**
 * A spec that keeps exactly the active versions it is given, so that a repository starts from the
 * state it has and `plan` shows no changes. Container versions are kept by a tag where they have
 * one; a name or tag that would read as a pattern is kept by id instead.
 */
export function importedSpec(owner: string, packages: readonly ImportedPackage[], now: Date): string {
  const doc = new Document({
    version: 1,
    owner,
    packages: packages.map(({ ref, versions }) => ({
      type: ref.type,
      name: ref.name,
      keep: versions.filter((v) => v.state === "active").map((v) => keepExactly(v, hasTags(ref.type))),
    })),
  });
  doc.commentBefore = [
    ` Imported by ghpkg import on ${now.toISOString().slice(0, 10)}: keeps exactly the versions that were active.`,
    " Replace the lists with rules (tag, semver, newest, olderThan...) and add delete: rules as you go;",
    " versions no rule matches are left alone (unmatched: ignore).",
  ].join("\n");
  return doc.toString({ lineWidth: 0 });
}

const literal = (text: string) => !/[*?]/.test(text) && !isRegexForm(text);

function keepExactly(version: PackageVersion, tagged: boolean): Record<string, string | number> {
  const tag = tagged ? version.tags.find(literal) : undefined;
  if (tag !== undefined) return { tag };
  return literal(version.name) ? { name: version.name } : { id: version.id };
}
