// The lessons, in the course's order: one module per chapter under src/ui/lessons/chapters/.
import type { Chapter } from './chapter.ts';
import { loop } from './chapters/01-loop.ts';
import { hello } from './chapters/02-hello.ts';
import { bptt } from './chapters/03-bptt.ts';
import { gradients } from './chapters/04-gradients.ts';
import { lstm } from './chapters/05-lstm.ts';
import { gru } from './chapters/06-gru.ts';
import { compare } from './chapters/07-compare.ts';
import { layers } from './chapters/08-layers.ts';
import { generation } from './chapters/09-generation.ts';

export const CHAPTERS: readonly Chapter[] = [
  loop,
  hello,
  bptt,
  gradients,
  lstm,
  gru,
  compare,
  layers,
  generation,
];

/** The chapter of a 1-based number, or undefined. */
export const chapterByNumber = (n: number): Chapter | undefined => CHAPTERS.find((c) => c.number === n);
