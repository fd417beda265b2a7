import { RE2JS, RE2JSException } from "re2js";

/**
 * PATTERN of the contract: an exact string, a glob when it holds `*` or `?`, or a regular
 * expression written `/.../` with optional flag `i`. Every form matches the whole string.
 *
 * Version names and tags are written by whoever can publish to a package, so matching must run in
 * time linear in the name: regular expressions and globs both compile to RE2, which has no
 * backtracking (and so no backreferences and no lookaround).
 */
export interface Pattern {
  readonly source: string;
  readonly kind: "exact" | "glob" | "regex";
  readonly test: (text: string) => boolean;
}

const REGEX_FORM = /^\/(.*)\/([a-z]*)$/s;

export function isRegexForm(source: string): boolean {
  return REGEX_FORM.test(source);
}

// A spec repeats its patterns (one rule list shared by many packages), and a spec is checked before it
// is built: compiling each distinct source once keeps RE2's cold compile off start-up. Patterns are
// immutable, and the number of distinct sources is bounded by the spec's text.
const compiled = new Map<string, Pattern>();
const compiledIgnoringCase = new Map<string, Pattern>();

export interface PatternOptions {
  /**
   * Match without regard to case: for package names, which GitHub compares that way (`Web-*` governs
   * `web-api`). Version names and tags keep their case.
   */
  readonly ignoreCase?: boolean;
}

/** Throws an Error whose message is fit for the user when the pattern does not compile. */
export function compilePattern(source: string, options: PatternOptions = {}): Pattern {
  const ignoreCase = options.ignoreCase === true;
  const cache = ignoreCase ? compiledIgnoringCase : compiled;
  let pattern = cache.get(source);
  if (pattern === undefined) {
    pattern = compileAnew(source, ignoreCase);
    cache.set(source, pattern);
  }
  return pattern;
}

function compileAnew(source: string, ignoreCase: boolean): Pattern {
  const caseFlag = ignoreCase ? RE2JS.CASE_INSENSITIVE : 0;
  const regexForm = REGEX_FORM.exec(source);
  if (regexForm) {
    const [, body = "", flags = ""] = regexForm;
    if (flags.replace("i", "") !== "")
      throw new Error(`regular expression flags may only be \`i\`, not \`${flags}\``);
    const regex = compileRegex(source, body, flags === "i" ? RE2JS.CASE_INSENSITIVE : caseFlag);
    return { source, kind: "regex", test: (text) => regex.matches(text) };
  }
  const fold = ignoreCase ? (text: string) => text.toLowerCase() : (text: string) => text;
  const star = source.indexOf("*");
  if (star !== -1 && !source.includes("?") && source.indexOf("*", star + 1) === -1) {
    // The common shape (`v*`, `*-SNAPSHOT`, `1.*.0`): a prefix and a suffix, matched without an engine.
    const prefix = fold(source.slice(0, star));
    const suffix = fold(source.slice(star + 1));
    const shortest = prefix.length + suffix.length;
    const test = (text: string) =>
      text.length >= shortest && text.startsWith(prefix) && text.endsWith(suffix);
    // No fold in the planner's hot path: version names are matched as written.
    return { source, kind: "glob", test: ignoreCase ? (text) => test(fold(text)) : test };
  }
  if (/[*?]/.test(source)) {
    // `*` and `?` match any character, `/` and newlines included; everything else is literal.
    const body = [...source].map((ch) => (ch === "*" ? ".*" : ch === "?" ? "." : RE2JS.quote(ch))).join("");
    const glob = RE2JS.compile(body, RE2JS.DOTALL | caseFlag);
    return { source, kind: "glob", test: (text) => glob.matches(text) };
  }
  if (!ignoreCase) return { source, kind: "exact", test: (text) => text === source };
  const exact = fold(source);
  return { source, kind: "exact", test: (text) => fold(text) === exact };
}

function compileRegex(source: string, body: string, flags: number): RE2JS {
  const unsupported = unsupportedSyntax(body);
  if (unsupported)
    throw new Error(
      `invalid regular expression ${source}: ${unsupported} is not supported (patterns use RE2 syntax, which matches in linear time)`,
    );
  try {
    // No anchors needed: `matches` is a whole-string match.
    return RE2JS.compile(body, flags);
  } catch (error) {
    if (!(error instanceof RE2JSException)) throw error;
    throw new Error(
      `invalid regular expression ${source}: ${error.message.replace(/^error parsing regexp: /, "")}`,
      { cause: error },
    );
  }
}

/** Names what RE2 leaves out on purpose, where its own message ("invalid escape sequence") would puzzle. */
function unsupportedSyntax(body: string): string | undefined {
  let inClass = false;
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (ch === "\\") {
      const next = body[i + 1] ?? "";
      if (!inClass && /[1-9]/.test(next)) return `the backreference \`\\${next}\``;
      if (!inClass && next === "k" && body[i + 2] === "<") return "the named backreference `\\k<...>`";
      i++;
    } else if (inClass) {
      if (ch === "]") inClass = false;
    } else if (ch === "[") {
      inClass = true;
      if (body[i + 1] === "^") i++;
      if (body[i + 1] === "]") i++;
    } else if (ch === "(" && body[i + 1] === "?") {
      const look = /^\(\?(<?[=!])/.exec(body.slice(i))?.[1];
      if (look) return `the ${look.startsWith("<") ? "lookbehind" : "lookahead"} \`(?${look}\``;
    }
  }
  return undefined;
}
