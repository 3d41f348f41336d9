// The lessons, in the course's order: one module per chapter under src/ui/lessons/chapters/.
import type { Chapter } from './chapter.ts';
import { loop } from './chapters/01-loop.ts';
import { hello } from './chapters/02-hello.ts';
import { bptt } from './chapters/03-bptt.ts';
import { gradients } from './chapters/04-gradients.ts';

export const CHAPTERS: readonly Chapter[] = [
  loop,
  hello,
  bptt,
  gradients,
];

/** The chapter of a 1-based number, or undefined. */
export const chapterByNumber = (n: number): Chapter | undefined => CHAPTERS.find((c) => c.number === n);
