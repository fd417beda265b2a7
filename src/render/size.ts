const UNITS = ["kB", "MB", "GB", "TB", "PB", "EB"];

/**
 * Bytes as a person reads them at a glance, in decimal units (1 GB is 1,000,000,000 bytes, as GitHub
 * counts package storage): `512 B`, `3.4 MB`, `1.2 GB`, `449 GB`. One decimal below 100, none from
 * there; the JSON plan has the exact figure.
 */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  let value = bytes;
  for (const unit of UNITS) {
    value /= 1000;
    const shown = value < 99.95 ? value.toFixed(1) : String(Math.round(value));
    if (Number(shown) < 1000 || unit === UNITS.at(-1)) return `${shown} ${unit}`;
  }
  return `${bytes} B`;
}
