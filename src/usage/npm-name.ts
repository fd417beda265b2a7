/**
 * `@scope/name@range` (or `name@range`) split where the range starts; an alias's range names the
 * package it stands for (`alias@npm:@scope/name@^1`), which is the one installed.
 */
export function splitDescriptor(descriptor: string): { name: string; range: string } | undefined {
  const at = descriptor.indexOf("@", 1);
  if (at <= 0) return undefined;
  const name = descriptor.slice(0, at);
  const range = descriptor.slice(at + 1);
  if (range.startsWith("npm:") && range.length > 4 && range.indexOf("@", 5) > 0)
    return splitDescriptor(range.slice(4));
  return { name, range };
}

/** Only scoped packages can be GitHub's (`@OWNER/NAME`); the scope folds, as GitHub's owners do. */
export const isScoped = (name: string): boolean => /^@[^/@]+\/[^/@]+$/.test(name);
