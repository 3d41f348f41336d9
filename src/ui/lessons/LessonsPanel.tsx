// The Learn panel: the chapter list (with what has been seen) or one chapter, beside the page on
// wide screens and as a sheet along the bottom on phones (lessons.css), which folds down to its
// title and the live check after Set it up, so the panel it points at is seen. Loaded on first open.
import { useState } from 'react';
import { closeLessons, openLessons, startTour } from '../../store/actions.ts';
import { useStore } from '../../store/store.ts';
import { useT } from '../i18n.ts';
import { chapterKey } from './chapter.ts';
import { chapterByNumber, CHAPTERS } from './chapters.ts';
import { ChapterView } from './ChapterView.tsx';

function ChapterList() {
  const t = useT();
  const done = useStore((s) => s.lessons.done);
  return (
    <>
      <p className="meta">{t('learn.intro')}</p>
      <ol className="lesson-list" data-testid="lesson-list">
        {CHAPTERS.map((c) => (
          <li key={c.id}>
            <button type="button" className="lesson-item" data-testid={`lesson-item-${c.number}`} data-done={done.includes(c.id)} onClick={() => openLessons(c.number)}>
              <span className="lesson-number">{c.number}</span>
              <span className="lesson-name">{t(chapterKey(c, 'title'))}</span>
              {done.includes(c.id) && <span className="lesson-done">✓ {t('learn.done')}</span>}
            </button>
          </li>
        ))}
      </ol>
      <button type="button" className="small" data-testid="tour-again" onClick={startTour}>
        {t('learn.tourAgain')}
      </button>
    </>
  );
}

export function LessonsPanel() {
  const t = useT();
  const chapter = chapterByNumber(useStore((s) => s.lessons.chapter));
  // folded (phones only: lessons.css shows everything on wide screens)
  const [folded, setFolded] = useState(false);
  return (
    <aside className="lessons" id="lessons" aria-labelledby="lessons-title" data-testid="lessons" data-folded={folded}>
      <div className="lessons-head">
        <h2 id="lessons-title">{t('learn.title')}</h2>
        <button type="button" className="small lessons-fold" data-testid="lessons-fold" aria-expanded={!folded} onClick={() => setFolded(!folded)}>
          {t(folded ? 'learn.unfold' : 'learn.fold')}
        </button>
        <button type="button" className="small" data-testid="lessons-close" onClick={closeLessons} aria-label={t('learn.close')}>
          ✕
        </button>
      </div>
      {chapter ? <ChapterView key={chapter.id} chapter={chapter} onSetUp={() => setFolded(true)} /> : <ChapterList />}
    </aside>
  );
}
