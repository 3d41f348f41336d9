import { describe, expect, it } from 'vitest';
import { buildVocab, codePoints, decode, encode, vocabFromSymbols } from '../../src/model/vocab.ts';

describe('code-point vocabulary', () => {
  it('sorts distinct code points by code point', () => {
    const v = buildVocab('hello world');
    expect(v.symbols).toEqual([' ', 'd', 'e', 'h', 'l', 'o', 'r', 'w']);
    expect(v.size).toBe(8);
  });
  it('keeps CJK characters whole', () => {
    const v = buildVocab('床前明月光，疑是地上霜。');
    expect(v.size).toBe(12);
    expect(v.symbols).toContain('霜');
    expect(decode(v, encode(v, '明月光').ids)).toBe('明月光');
  });
  it('never splits a surrogate pair (emoji)', () => {
    const text = 'a😀b😀🎉';
    expect(text.length).toBe(8); // UTF-16 units
    expect(codePoints(text)).toEqual(['a', '😀', 'b', '😀', '🎉']);
    const v = buildVocab(text);
    expect(v.symbols).toEqual(['a', 'b', '🎉', '😀']);
    expect(Array.from(encode(v, text).ids)).toEqual([0, 3, 1, 3, 2]);
    for (const s of v.symbols) expect([...s]).toHaveLength(1);
  });
  it('treats a combining mark as its own symbol', () => {
    const text = 'e\u0301e'; // e + COMBINING ACUTE ACCENT + e
    const v = buildVocab(text);
    expect(v.symbols).toEqual(['e', '\u0301']);
    expect(Array.from(encode(v, text).ids)).toEqual([0, 1, 0]);
    expect(decode(v, encode(v, text).ids)).toBe(text);
  });
  it('keeps CR, LF and tab as separate symbols (CRLF is two)', () => {
    const text = 'a\r\nb\tc';
    const v = buildVocab(text);
    expect(v.symbols).toEqual(['\t', '\n', '\r', 'a', 'b', 'c']);
    expect(encode(v, text).ids).toHaveLength(6);
    expect(decode(v, encode(v, text).ids)).toBe(text);
  });
  it('counts and drops symbols missing from the vocabulary', () => {
    const v = vocabFromSymbols(['a', 'b']);
    const r = encode(v, 'abzab😀');
    expect(Array.from(r.ids)).toEqual([0, 1, 0, 1]);
    expect(r.unknown).toBe(2);
    expect(v.id('z')).toBe(-1);
  });
});
