/** CRC-32 (ISO-HDLC, the polynomial PNG and zlib use), table-driven. */

let table: Uint32Array | undefined;

/** Builds the 256-entry table on first use so importing the module costs nothing. */
function crcTable(): Uint32Array {
  if (table) return table;
  const built = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    built[n] = c >>> 0;
  }
  table = built;
  return built;
}

/** Returns the CRC-32 of `bytes`; pass a previous result as `crc` to continue over several pieces. */
export function crc32(bytes: Uint8Array, crc = 0): number {
  const t = crcTable();
  let c = ~crc;
  for (let i = 0; i < bytes.length; i++) {
    c = (t[(c ^ (bytes[i] ?? 0)) & 0xff] ?? 0) ^ (c >>> 8);
  }
  return ~c >>> 0;
}
