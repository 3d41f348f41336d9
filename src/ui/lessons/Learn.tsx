// The lessons' entry points on the page: the Learn button in the header (opens and closes the
// panel), and the panel itself (loaded on first open, with KaTeX and the figures) and the
// first-visit tour where the store says they show. The page narrows beside the open panel
// (lessons.css), so it never covers the views it talks about.
import { lazy, Suspense, useEffect } from 'react';
import { closeLessons, openLessons } from '../../store/actions.ts';
import { useStore } from '../../store/store.ts';
import { useT } from '../i18n.ts';
import { Tour } from './Tour.tsx';
import './lessons.css';

const LessonsPanel = lazy(() => import('./LessonsPanel.tsx').then((m) => ({ default: m.LessonsPanel })));

export function LearnButton() {
  const t = useT();
  const open = useStore((s) => s.lessons.open);
  return (
    <button type="button" className="learn-open" data-testid="learn-open" aria-expanded={open} aria-controls={open ? 'lessons' : undefined} onClick={() => (open ? closeLessons() : openLessons())}>
      {t('learn.open')}
    </button>
  );
}

export function Lessons() {
  const open = useStore((s) => s.lessons.open);
  const tour = useStore((s) => s.tourOpen);
  useEffect(() => {
    document.documentElement.classList.toggle('lessons-open', open);
  }, [open]);
  return (
    <>
      {open && (
        <Suspense fallback={null}>
          <LessonsPanel />
        </Suspense>
      )}
      {tour && <Tour />}
    </>
  );
}
