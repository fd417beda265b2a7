/**
 * PATTERN of the contract: an exact string, a glob when it holds `*` or `?`, or a regular
 * expression written `/.../` with optional flag `i`. Every form matches the whole string.
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

/** Throws an Error whose message is fit for the user when the pattern does not compile. */
export function compilePattern(source: string): Pattern {
  const regexForm = REGEX_FORM.exec(source);
  if (regexForm) {
    const [, body = "", flags = ""] = regexForm;
    if (flags.replace("i", "") !== "")
      throw new Error(`regular expression flags may only be \`i\`, not \`${flags}\``);
    let regex: RegExp;
    try {
      regex = new RegExp(`^(?:${body})$`, flags);
    } catch (error) {
      throw new Error(
        `invalid regular expression ${source}: ${(error as Error).message.replace(/^Invalid regular expression: \/.*\/[a-z]*: /, "")}`,
        { cause: error },
      );
    }
    return { source, kind: "regex", test: (text) => regex.test(text) };
  }
  if (/[*?]/.test(source)) {
    const body = [...source]
      .map((ch) => (ch === "*" ? ".*" : ch === "?" ? "." : ch.replace(/[.+^${}()|[\]\\/-]/g, "\\$&")))
      .join("");
    const regex = new RegExp(`^${body}$`, "s");
    return { source, kind: "glob", test: (text) => regex.test(text) };
  }
  return { source, kind: "exact", test: (text) => text === source };
}
