// The page: title, adapter status, the training text and settings on the left, the run (readouts,
// loss curve, samples — or, classifying, the prediction box and held-out split) on the right;
// panels stack on narrow screens; the lessons open beside them (src/ui/lessons/). Each panel has
// its own error boundary: one that fails leaves the others working.
import { StatusLine } from './panels/StatusLine.tsx';
import { RestoreNotice } from './panels/RestoreNotice.tsx';
import { ControlsPanel } from './panels/ControlsPanel.tsx';
import { Readouts } from './panels/Readouts.tsx';
import { SamplePanel } from './panels/SamplePanel.tsx';
import { ClassifyPanel } from './panels/ClassifyPanel.tsx';
import { MemoryPanel } from './panels/MemoryPanel.tsx';
import { TextPanel } from './panels/TextPanel.tsx';
import { useT } from './i18n.ts';
import { setLang } from '../store/actions.ts';
import { LANGS } from '../store/lang.ts';
import { useStore } from '../store/store.ts';
import { lazy, useEffect } from 'react';
import { SelectField } from './panels/fields.tsx';
import { PanelBoundary } from './ErrorBoundary.tsx';
import { Shortcuts } from './Shortcuts.tsx';
import { afterStart } from './start-order.ts';
import { LearnButton, Lessons } from './lessons/Learn.tsx';

// the heavy panels (recharts; the unrolled network with KaTeX's equations; the gradient chart) load
// after the first paint and the training worker's start, in chunks of their own: the page can be
// read and used before they arrive
const LossChart = lazy(afterStart(() => import('./panels/LossChart.tsx').then((m) => ({ default: m.LossChart }))));
const UnrolledPanel = lazy(afterStart(() => import('./panels/UnrolledPanel.tsx').then((m) => ({ default: m.UnrolledPanel }))));
const GradientFlow = lazy(afterStart(() => import('./panels/GradientFlow.tsx').then((m) => ({ default: m.GradientFlow }))));
const SaliencyPanel = lazy(afterStart(() => import('./panels/SaliencyPanel.tsx').then((m) => ({ default: m.SaliencyPanel }))));
const UnitsPanel = lazy(afterStart(() => import('./panels/UnitsPanel.tsx').then((m) => ({ default: m.UnitsPanel }))));
const SweepPanel = lazy(afterStart(() => import('./panels/SweepPanel.tsx').then((m) => ({ default: m.SweepPanel }))));

export function App() {
  const t = useT();
  const lang = useStore((s) => s.lang);
  const mode = useStore((s) => s.mode);
  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);
  return (
    <main className="app">
      <header className="app-header">
        <img src={`${import.meta.env.BASE_URL}favicon.svg`} alt="" width={40} height={40} />
        <div className="titles">
          <h1>RNN Playground</h1>
          <p className="tagline">{t('tagline')}</p>
        </div>
        <div className="lang">
          <SelectField id="language" label={t('language')} value={lang} options={LANGS} onChange={setLang} />
        </div>
        <LearnButton />
        <Shortcuts />
      </header>
      <RestoreNotice />
      <StatusLine />
      <div className="layout">
        <div className="column">
          <PanelBoundary title={t('text.title')}>
            <TextPanel />
          </PanelBoundary>
          <PanelBoundary title={t('controls.title')}>
            <ControlsPanel />
          </PanelBoundary>
        </div>
        <div className="column">
          <PanelBoundary title={t('runs.title')}>
            <Readouts />
          </PanelBoundary>
          <PanelBoundary title={t('chart.title')}>
            <LossChart />
          </PanelBoundary>
          <PanelBoundary title={t(mode === 'classify' ? 'classify.titlePlain' : mode === 'memory' ? 'memory.panel' : 'sample.title')}>
            {mode === 'classify' ? <ClassifyPanel /> : mode === 'memory' ? <MemoryPanel /> : <SamplePanel />}
          </PanelBoundary>
        </div>
      </div>
      {mode === 'memory' && (
        <PanelBoundary title={t('sweep.title')}>
          <SweepPanel />
        </PanelBoundary>
      )}
      <PanelBoundary title={t('inside.title')}>
        <UnrolledPanel />
      </PanelBoundary>
      <PanelBoundary title={t('grad.title')}>
        <GradientFlow />
      </PanelBoundary>
      <PanelBoundary title={t('sal.title')}>
        <SaliencyPanel />
      </PanelBoundary>
      <PanelBoundary title={t('units.title')}>
        <UnitsPanel />
      </PanelBoundary>
      <PanelBoundary title={t('learn.title')}>
        <Lessons />
      </PanelBoundary>
    </main>
  );
}
