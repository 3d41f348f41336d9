// One chapter: its text and key equation (KaTeX, as the gate inspector typesets), its figure, "Set
// it up", the thing to do, the live check (lit once the data shows it; remembered), a link of its
// own and the way to the previous and next chapters.
import katex from 'katex';
import 'katex/dist/katex.min.css';
import { useEffect, useState } from 'react';
import { markLessonDone, openLessons } from '../../store/actions.ts';
import { lessonHash } from '../../store/lessons.ts';
import { PRESETS } from '../../store/presets.ts';
import { useStore } from '../../store/store.ts';
import { useT } from '../i18n.ts';
import { chapterKey, type Chapter } from './chapter.ts';
import { CHAPTERS } from './chapters.ts';
import { LessonFigure } from './figures/index.tsx';
import { setUpChapter } from './setup.ts';

/** The address that opens the Learn panel at chapter `n`. */
export const chapterLink = (n: number): string => `${location.origin}${location.pathname}${location.search}${lessonHash(n)}`;

const PRESET_TEXTS = new Set(Object.values(PRESETS).map((p) => p.text));

function LiveCheckLine({ chapter }: { chapter: Chapter }) {
  const t = useT();
  const check = chapter.check!;
  const seenNow = useStore((s) => check.seen(s));
  const done = useStore((s) => s.lessons.done.includes(chapter.id));
  // the numbers as one string: a new object on every change of the store would render again each time
  const values = useStore((s) => JSON.stringify(check.values?.(s) ?? {}));
  useEffect(() => {
    if (seenNow) markLessonDone(chapter.id);
  }, [seenNow, chapter.id]);
  const seen = seenNow || done;
  return (
    <p className="lesson-check" role="status" data-testid="lesson-check" data-seen={seen}>
      <span className="lesson-check-mark" aria-hidden="true">{seen ? '✓' : '○'}</span> {t(chapterKey(chapter, 'check'), JSON.parse(values) as Record<string, string | number>)}{' '}
      <strong>{t(seen ? 'learn.seen' : 'learn.notYet')}</strong>
    </p>
  );
}

/** `onSetUp`: after Set it up (the phone's sheet folds to show the page). */
export function ChapterView({ chapter, onSetUp }: { chapter: Chapter; onSetUp: () => void }) {
  const t = useT();
  const [copied, setCopied] = useState(false);
  // a text the person wrote is replaced only when they say so
  const own = useStore((s) => s.text.length > 0 && !PRESET_TEXTS.has(s.text));
  const [confirming, setConfirming] = useState(false);
  const setUp = () => {
    setConfirming(false);
    setUpChapter(chapter);
    onSetUp();
  };
  const at = CHAPTERS.indexOf(chapter);
  const prev = CHAPTERS[at - 1];
  const next = CHAPTERS[at + 1];
  const link = chapterLink(chapter.number);
  const copy = () => {
    void navigator.clipboard?.writeText(link).then(
      () => setCopied(true),
      () => setCopied(false),
    );
  };
  return (
    <article className="lesson" data-testid="lesson" data-chapter={chapter.number}>
      <button type="button" className="small lesson-back" data-testid="lesson-list-open" onClick={() => openLessons(0)}>
        ← {t('learn.chapters')}
      </button>
      <p className="meta">{t('learn.chapterOf', { n: chapter.number, count: CHAPTERS.length })}</p>
      <h3 data-testid="lesson-title">{t(chapterKey(chapter, 'title'))}</h3>
      {t(chapterKey(chapter, 'body'))
        .split('\n\n')
        .map((para, i) => (
          <p key={i}>{para}</p>
        ))}
      {chapter.equation && <div className="lesson-equation" data-testid="lesson-equation" dangerouslySetInnerHTML={{ __html: katex.renderToString(chapter.equation, { throwOnError: false, displayMode: true, output: 'htmlAndMathml' }) }} />}
      {chapter.figure && <LessonFigure id={chapter.figure} />}
      <button type="button" className="primary" data-testid="lesson-setup" onClick={() => (own ? setConfirming(true) : setUp())}>
        {t('learn.setUp')}
      </button>
      <p className="meta">{t('learn.setUpHint')}</p>
      {confirming && own && (
        <p className="note" role="alert" data-testid="lesson-own-text">
          {t('learn.ownText')}{' '}
          <button type="button" className="small" data-testid="lesson-setup-confirm" onClick={setUp}>
            {t('learn.replace')}
          </button>
        </p>
      )}
      <div className="lesson-todo" data-testid="lesson-todo">
        <h4>{t('learn.todo')}</h4>
        <p>{t(chapterKey(chapter, 'todo'))}</p>
      </div>
      {chapter.check && <LiveCheckLine chapter={chapter} />}
      <p className="lesson-link">
        <a
          href={link}
          data-testid="lesson-link"
          onClick={(e) => {
            e.preventDefault();
            copy();
          }}
        >
          {t('learn.link')}
        </a>{' '}
        {copied && <span className="meta">{t('learn.copied')}</span>}
      </p>
      <nav className="lesson-nav" aria-label={t('learn.chapters')}>
        <button type="button" data-testid="lesson-prev" disabled={!prev} onClick={() => prev && openLessons(prev.number)}>
          ← {t('learn.prev')}
        </button>
        <button type="button" data-testid="lesson-next" disabled={!next} onClick={() => next && openLessons(next.number)}>
          {t('learn.next')} →
        </button>
      </nav>
    </article>
  );
}
