import { describe, expect, it } from 'vitest';
import { checkNumeric, textErrors } from '../../src/model/config.ts';
import { translate, type MessageKey } from '../../src/ui/i18n.ts';
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

  it('says configuration problems in both languages, from the problem as data', () => {
    const range = checkNumeric('learningRate', 20)!.problem!;
    expect(range).toEqual({ code: 'range', params: { min: 1e-6, max: 10, got: '20' } });
    const say = (lang: 'en' | 'zh-CN', label: string, p: typeof range) => translate(lang, `err.${p.code}` as MessageKey, { ...p.params, label });
    expect(say('en', 'Learning rate', range)).toBe('Learning rate must be between 0.000001 and 10 (got 20).');
    expect(say('zh-CN', '学习率', range)).toBe('学习率必须在 0.000001 到 10 之间（当前为 20）。');
    expect(say('zh-CN', '隐藏层大小', checkNumeric('hiddenSize', 2.5)!.problem!)).toBe('隐藏层大小必须是整数（当前为 2.5）。');
    const window = textErrors('abcabc', 64)[0]!;
    expect(window.field).toBe('seqLen');
    expect(say('en', '', window.problem!)).toBe(window.message); // the English message is the same words
    expect(say('zh-CN', '', window.problem!)).toBe('文本只有 6 个字符，不足一个窗口（65 个字符）：请把序列长度设为不超过 5。');
    expect(say('zh-CN', '', textErrors('', 8)[0]!.problem!)).toBe('训练文本为空：请输入或粘贴一些文字。');
  });
});
