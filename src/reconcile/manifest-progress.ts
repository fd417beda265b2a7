import type { ManifestReader } from "../registry/client.js";

/**
 * The reader, telling after each manifest read (from the cache or the registry, read or not) how many
 * of the `total` the plan will read are done: a cold plan of a large package reads thousands, and a
 * terminal should show that it is moving.
 */
export function countingReads(
  reader: ManifestReader,
  total: number,
  onProgress: (done: number, total: number) => void,
): ManifestReader {
  let done = 0;
  const tell = () => onProgress(Math.min(++done, total), total);
  return {
    fetched: () => reader.fetched(),
    read: async (owner, name, digest) => {
      try {
        return await reader.read(owner, name, digest);
      } finally {
        tell();
      }
    },
  };
}
