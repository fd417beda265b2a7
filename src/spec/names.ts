import { readFileSync } from "node:fs";

/** What a spec says of an owner or package name that its schema's pattern refuses. */
export const NAME_MESSAGES = {
  owner: "`owner` must be a GitHub username: letters, digits and single hyphens, at most 39",
  name: "`name` must be a package name: no part between slashes may be empty, `.` or `..`, and no control character is allowed",
} as const;

interface NamePatterns {
  properties: { owner: { pattern: string } };
  $defs: { package: { properties: { name: { pattern: string } } } };
}

// Names are sent in request paths: a `..` part or a control character would reach another endpoint
// or a log line. The schema is the one place the rules are written; it is read when first needed,
// so that registering a command's flags costs nothing (this module sits on every command's start-up).
let patterns: { owner: RegExp; name: RegExp } | undefined;
function namePatterns(): { owner: RegExp; name: RegExp } {
  if (!patterns) {
    const schema = JSON.parse(
      readFileSync(new URL("../../../schemas/ghpkg.schema.json", import.meta.url), "utf8"),
    ) as NamePatterns;
    patterns = {
      owner: new RegExp(schema.properties.owner.pattern, "u"),
      name: new RegExp(schema.$defs.package.properties.name.pattern, "u"),
    };
  }
  return patterns;
}

/**
 * The schema's own rules for owner and package names, for names that arrive on a command line rather
 * than in a spec: undefined when the name is fine, else the message a spec would get.
 */
export function ownerProblem(owner: string): string | undefined {
  return namePatterns().owner.test(owner) ? undefined : NAME_MESSAGES.owner;
}

export function packageNameProblem(name: string): string | undefined {
  return name !== "" && namePatterns().name.test(name) ? undefined : NAME_MESSAGES.name;
}
