// A text file opened as the training text (the text panel's Open button, or a file dropped on it):
// read as UTF-8, strictly. A file with NUL bytes is binary (an image, a model, a zip); bytes that
// are not UTF-8 are another encoding (GBK, Latin-1, UTF-16): each refused with the reason, the
// current text left as it was. What is taken goes through the same path as a paste (its size cap).

/** Files over this many bytes are refused before they are read (a text is capped at 5 million
 *  UTF-16 units anyway: src/store/state.ts MAX_TEXT_UNITS). */
export const MAX_TEXT_FILE_BYTES = 64 * 2 ** 20;

export type TextFileProblem =
  | { code: 'binary'; file: string }
  | { code: 'encoding'; file: string; at: number }
  | { code: 'tooLarge'; file: string; mb: number; max: number }
  | { code: 'unreadable'; file: string; reason: string };

/** The text of a file's bytes, or why it is not a UTF-8 text. A leading byte-order mark is dropped. */
export function decodeTextFile(name: string, bytes: Uint8Array): { text: string } | { problem: TextFileProblem } {
  if (bytes.includes(0)) return { problem: { code: 'binary', file: name } };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes) };
  } catch {
    return { problem: { code: 'encoding', file: name, at: firstInvalid(bytes) } };
  }
}

/** The offset of the first byte that does not start or continue a valid UTF-8 sequence. */
function firstInvalid(bytes: Uint8Array): number {
  let lo = 0;
  let hi = bytes.length;
  // the longest prefix that decodes (an unfinished sequence at its end waits, in stream mode)
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, mid), { stream: true });
      lo = mid;
    } catch {
      hi = mid;
    }
  }
  return lo;
}

/** Reads a File: its size checked first, then its bytes decoded as above. */
export async function readTextFile(file: File): Promise<{ text: string } | { problem: TextFileProblem }> {
  if (file.size > MAX_TEXT_FILE_BYTES) return { problem: { code: 'tooLarge', file: file.name, mb: Math.ceil(file.size / 2 ** 20), max: MAX_TEXT_FILE_BYTES / 2 ** 20 } };
  try {
    return decodeTextFile(file.name, new Uint8Array(await file.arrayBuffer()));
  } catch (err) {
    return { problem: { code: 'unreadable', file: file.name, reason: (err as Error).message } };
  }
}
