import { describe, expect, it } from 'vitest';
import { translate } from '../../src/ui/i18n.ts';
import { preferredLang } from '../../src/store/lang.ts';

describe('interface languages', () => {
  it('substitutes values and formats numbers for the locale', () => {
    expect(translate('en', 'text.stats', { chars: 12345, vocab: 65 })).toBe('12,345 characters · vocabulary 65');
    expect(translate('zh-CN', 'text.stats', { chars: 12345, vocab: 65 })).toBe('12,345 个字符 · 词表 65');
    expect(translate('zh-CN', 'runs.gpu', { adapter: 'google · swiftshader' })).toBe('在 GPU 上训练（WebGPU：google · swiftshader）');
  });
  it('follows the browser: Chinese for any zh locale, English otherwise', () => {
    expect(preferredLang(['zh-TW', 'en'])).toBe('zh-CN');
    expect(preferredLang(['fr-FR', 'zh'])).toBe('zh-CN');
    expect(preferredLang(['en-GB'])).toBe('en');
    expect(preferredLang([])).toBe('en');
  });
});
