// Training-text presets, each with settings that fit it. All texts are public domain (Lewis
// Carroll, 1865; Tang dynasty poems) or written for this project (the code snippet, and the names,
// intents and sentiments of src/store/task-presets.ts for line and classification modes).
import type { ModelConfig, TrainConfig } from '../model/config.ts';
import type { SampleOptions } from '../model/sample.ts';
import type { TaskMode } from '../model/tasks.ts';
import type { LossAt } from '../model/trace.ts';
import { INTENTS, NAMES, SENTIMENTS } from './task-presets.ts';

/** A preset's name on its button is the i18n key `preset.<name>`. */
export interface Preset {
  text: string;
  /** The task the text is for (default: next character). */
  mode?: TaskMode;
  model: Partial<ModelConfig>;
  train: Partial<TrainConfig>;
  /** Sampling that shows what the preset teaches (the classic example: 'h' -> 'ello'). */
  sample?: Partial<Omit<SampleOptions, 'seed'>>;
  /** What "Inside the network" looks at (the long-range task: a window ending at the recall). */
  inspect?: { offset?: number; length?: number; lossAt?: LossAt };
}

/** Steps between a letter and its recall in the long-range preset. */
export const MEMORY_GAP = 16;

/**
 * A long-range task for the vanishing-gradient view: each line is a letter, MEMORY_GAP dashes, and
 * the same letter again. Predicting the last letter needs what was read MEMORY_GAP + 1 steps
 * before; nothing nearer tells it. Letters from a fixed sequence (a small LCG), so the text is the
 * same for everyone.
 */
export function memoryText(lines = 160): string {
  let x = 7;
  return Array.from({ length: lines }, () => {
    x = (x * 1103515245 + 12345) % 2147483648;
    const letter = 'abcd'[Math.floor(x / 65536) % 4]!;
    return `${letter}${'-'.repeat(MEMORY_GAP)}${letter}`;
  }).join('\n');
}

const ALICE = `Alice was beginning to get very tired of sitting by her sister on the bank, and of having nothing to do: once or twice she had peeped into the book her sister was reading, but it had no pictures or conversations in it, "and what is the use of a book," thought Alice "without pictures or conversations?"

So she was considering in her own mind (as well as she could, for the hot day made her feel very sleepy and stupid), whether the pleasure of making a daisy-chain would be worth the trouble of getting up and picking the daisies, when suddenly a White Rabbit with pink eyes ran close by her.

There was nothing so very remarkable in that; nor did Alice think it so very much out of the way to hear the Rabbit say to itself, "Oh dear! Oh dear! I shall be late!" (when she thought it over afterwards, it occurred to her that she ought to have wondered at this, but at the time it all seemed quite natural); but when the Rabbit actually took a watch out of its waistcoat-pocket, and looked at it, and then hurried on, Alice started to her feet, for it flashed across her mind that she had never before seen a rabbit with either a waistcoat-pocket, or a watch to take out of it, and burning with curiosity, she ran across the field after it, and fortunately was just in time to see it pop down a large rabbit-hole under the hedge.

In another moment down went Alice after it, never once considering how in the world she was to get out again.

The rabbit-hole went straight on like a tunnel for some way, and then dipped suddenly down, so suddenly that Alice had not a moment to think about stopping herself before she found herself falling down a very deep well.
`;

const POEMS = `静夜思　李白
床前明月光，疑是地上霜。
举头望明月，低头思故乡。

春晓　孟浩然
春眠不觉晓，处处闻啼鸟。
夜来风雨声，花落知多少。

登鹳雀楼　王之涣
白日依山尽，黄河入海流。
欲穷千里目，更上一层楼。

相思　王维
红豆生南国，春来发几枝。
愿君多采撷，此物最相思。

江雪　柳宗元
千山鸟飞绝，万径人踪灭。
孤舟蓑笠翁，独钓寒江雪。

咏鹅　骆宾王
鹅，鹅，鹅，曲项向天歌。
白毛浮绿水，红掌拨清波。
`;

const CODE = `function fibonacci(n) {
  let a = 0;
  let b = 1;
  for (let i = 0; i < n; i++) {
    const next = a + b;
    a = b;
    b = next;
  }
  return a;
}

function factorial(n) {
  let result = 1;
  for (let i = 2; i <= n; i++) {
    result = result * i;
  }
  return result;
}

for (let i = 0; i < 10; i++) {
  console.log(i, fibonacci(i), factorial(i));
}
`;

export type PresetName = 'english' | 'chinese' | 'hello' | 'code' | 'memory' | 'names' | 'intents' | 'sentiment';

const ONE_WAY = { numLayers: 1, bidirectional: false } as const;

export const PRESETS: Record<PresetName, Preset> = {
  english: { text: ALICE, model: { cell: 'lstm', hiddenSize: 128, ...ONE_WAY }, train: { seqLen: 64, batchSize: 16, learningRate: 0.003 } },
  chinese: { text: POEMS, model: { cell: 'lstm', hiddenSize: 128, ...ONE_WAY }, train: { seqLen: 16, batchSize: 8, learningRate: 0.003 } },
  hello: {
    text: 'hello',
    model: { cell: 'rnn', hiddenSize: 8, ...ONE_WAY },
    train: { seqLen: 4, batchSize: 1, learningRate: 0.05 },
    sample: { prime: 'h', length: 4, temperature: 0, topK: 0 },
  },
  code: { text: CODE, model: { cell: 'gru', hiddenSize: 96, ...ONE_WAY }, train: { seqLen: 48, batchSize: 8, learningRate: 0.003 } },
  // long range: the recall of a letter MEMORY_GAP steps back, inspected with the last step's loss
  // alone on a window that ends at the recall (where the vanilla RNN's gradient has to reach back)
  memory: {
    text: memoryText(),
    model: { cell: 'lstm', hiddenSize: 32, ...ONE_WAY },
    train: { seqLen: 2 * (MEMORY_GAP + 3), batchSize: 16, learningRate: 0.01 },
    sample: { prime: 'a', length: 3 * (MEMORY_GAP + 3), temperature: 0, topK: 0 },
    inspect: { offset: 0, length: MEMORY_GAP + 1, lossAt: 'last' },
  },
  // one-to-many: each name a sequence from the start token to the end token
  names: {
    text: NAMES,
    mode: 'lines',
    model: { cell: 'lstm', hiddenSize: 64, ...ONE_WAY },
    train: { batchSize: 16, learningRate: 0.01 },
    sample: { prime: '', length: 30, temperature: 0.8, topK: 0 },
  },
  // many-to-one: a bidirectional encoder reads the sentence, its two final states give the label
  intents: { text: INTENTS, mode: 'classify', model: { cell: 'gru', hiddenSize: 32, numLayers: 1, bidirectional: true }, train: { batchSize: 16, learningRate: 0.01 } },
  sentiment: { text: SENTIMENTS, mode: 'classify', model: { cell: 'lstm', hiddenSize: 32, numLayers: 1, bidirectional: true }, train: { batchSize: 16, learningRate: 0.01 } },
};
export const DEFAULT_PRESET: PresetName = 'english';
