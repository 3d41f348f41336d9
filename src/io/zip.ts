// A zip archive of a few files, stored without compression (the page's "Continue in PyTorch"
// download): local headers, the data, a central directory and its end record, as PKWARE's
// APPNOTE.TXT describes them; names in UTF-8 (general-purpose flag bit 11), CRC-32 of each file.
// No zip64: the archive and every file stay under 4 GiB (a model file is at most 1 GiB).

export interface ZipEntry {
  /** Path inside the archive, '/' between folders. */
  name: string;
  data: Uint8Array;
}

const CRC_TABLE = Uint32Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

/** CRC-32 (the polynomial of zip, gzip and PNG). */
export function crc32(data: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < data.length; i++) c = CRC_TABLE[(c ^ data[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** MS-DOS date and time (local time, 2-second steps), as zip stores them. */
function dosTime(d: Date): { time: number; date: number } {
  return {
    time: (d.getHours() << 11) | (d.getMinutes() << 5) | (d.getSeconds() >> 1),
    date: (Math.max(0, d.getFullYear() - 1980) << 9) | ((d.getMonth() + 1) << 5) | d.getDate(),
  };
}

/** The archive's bytes; `modified` is every entry's time. */
export function zip(entries: readonly ZipEntry[], modified = new Date()): Uint8Array<ArrayBuffer> {
  const enc = new TextEncoder();
  const { time, date } = dosTime(modified);
  const names = entries.map((e) => enc.encode(e.name));
  const size = entries.reduce((n, e, i) => n + 30 + names[i]!.length + e.data.length + 46 + names[i]!.length, 22);
  if (size > 0xffffffff) throw new RangeError('zip: the archive would be larger than 4 GiB');
  const out = new Uint8Array(size);
  const dv = new DataView(out.buffer);
  const central: { offset: number; crc: number }[] = [];
  let at = 0;
  // the fields both headers share, from "version needed" to "extra field length"
  const common = (i: number, crc: number, p: number) => {
    const n = entries[i]!.data.length;
    [20, 0x0800, 0, time, date].forEach((v, k) => dv.setUint16(p + 2 * k, v, true)); // version 2.0, UTF-8 names, stored
    dv.setUint32(p + 10, crc, true);
    dv.setUint32(p + 14, n, true); // compressed size = size
    dv.setUint32(p + 18, n, true);
    dv.setUint16(p + 22, names[i]!.length, true);
    dv.setUint16(p + 24, 0, true);
  };
  entries.forEach((e, i) => {
    const crc = crc32(e.data);
    central.push({ offset: at, crc });
    dv.setUint32(at, 0x04034b50, true);
    common(i, crc, at + 4);
    out.set(names[i]!, at + 30);
    out.set(e.data, at + 30 + names[i]!.length);
    at += 30 + names[i]!.length + e.data.length;
  });
  const dirStart = at;
  entries.forEach((_, i) => {
    dv.setUint32(at, 0x02014b50, true);
    dv.setUint16(at + 4, 0x031e, true); // made by: Unix, spec 3.0
    common(i, central[i]!.crc, at + 6);
    // comment length, disk number, internal attributes: 0; external: -rw-r--r--
    dv.setUint32(at + 38, (0o100644 << 16) >>> 0, true);
    dv.setUint32(at + 42, central[i]!.offset, true);
    out.set(names[i]!, at + 46);
    at += 46 + names[i]!.length;
  });
  dv.setUint32(at, 0x06054b50, true);
  dv.setUint16(at + 8, entries.length, true);
  dv.setUint16(at + 10, entries.length, true);
  dv.setUint32(at + 12, at - dirStart, true);
  dv.setUint32(at + 16, dirStart, true);
  return out;
}
