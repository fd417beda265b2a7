/**
 * The offset of the first byte that is not part of valid UTF-8 (no overlong forms, no surrogates,
 * nothing above U+10FFFF), or -1 when every byte is. Node's own decoding would silently turn such
 * bytes into U+FFFD, and a spec would then mean something its author never wrote.
 */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const lead = bytes[i]!;
    if (lead < 0x80) {
      i++;
      continue;
    }
    const [length, low, high] = sequence(lead);
    if (length === 0) return i;
    for (let k = 1; k < length; k++) {
      const byte = bytes[i + k];
      // The second byte's range rules out overlong forms, surrogates and code points above U+10FFFF.
      const [min, max] = k === 1 ? [low, high] : [0x80, 0xbf];
      if (byte === undefined || byte < min || byte > max) return i;
    }
    i += length;
  }
  return -1;
}

/** For a lead byte: the sequence's length and the allowed range of its second byte (RFC 3629, table 3-7). */
function sequence(lead: number): [length: number, low: number, high: number] {
  if (lead >= 0xc2 && lead <= 0xdf) return [2, 0x80, 0xbf];
  if (lead === 0xe0) return [3, 0xa0, 0xbf];
  if (lead === 0xed) return [3, 0x80, 0x9f];
  if (lead >= 0xe1 && lead <= 0xef) return [3, 0x80, 0xbf];
  if (lead === 0xf0) return [4, 0x90, 0xbf];
  if (lead >= 0xf1 && lead <= 0xf3) return [4, 0x80, 0xbf];
  if (lead === 0xf4) return [4, 0x80, 0x8f];
  return [0, 0, 0];
}
