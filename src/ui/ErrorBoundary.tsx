// Error boundaries. Around the whole app: an error while rendering shows what happened and a way
// out — reset the saved settings (the text is kept) or reload — instead of a blank page. Around each
// panel (PanelBoundary): only that panel is replaced, by what failed and a button to try again.
import { Component, Suspense, type ErrorInfo, type ReactNode } from 'react';
import { LANGS, type Lang } from '../store/lang.ts';
import { useStore } from '../store/store.ts';
import { translate, useT } from './i18n.ts';

interface Props {
  children: ReactNode;
  /** Forgets the saved settings, keeps the text, and reloads. */
  onReset: () => Promise<void>;
}

/** The chosen language when the store can still say it, else English. */
function crashLang(): Lang {
  try {
    const lang: unknown = useStore.getState().lang;
    return LANGS.find(([id]) => id === lang)?.[0] ?? 'en';
  } catch {
    return 'en';
  }
}

export class ErrorBoundary extends Component<Props, { error: Error | null; resetting: boolean }> {
  override state = { error: null as Error | null, resetting: false };

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  override componentDidCatch(error: Error, info: ErrorInfo) {
    console.error('the page failed to render', error, info.componentStack);
  }

  override render() {
    const { error, resetting } = this.state;
    if (!error) return this.props.children;
    const lang = crashLang();
    const t = (key: Parameters<typeof translate>[1], vars?: Record<string, string>) => translate(lang, key, vars);
    const reset = () => {
      this.setState({ resetting: true });
      void this.props.onReset();
    };
    return (
      <main className="crash" role="alert" data-testid="crash">
        <h1>{t('crash.title')}</h1>
        <p>{t('crash.explain')}</p>
        <code data-testid="crash-error">{t('crash.error', { message: String(error.message ?? error) })}</code>
        <button type="button" data-testid="crash-reset" disabled={resetting} onClick={reset}>
          {t('crash.reset')}
        </button>
        <button type="button" data-testid="crash-reload" onClick={() => location.reload()}>
          {t('crash.reload')}
        </button>
      </main>
    );
  }
}

/** What a failed panel shows in its place: its name, the error, and a way to draw it again. */
function PanelFailed({ title, error, retry }: { title: string; error: Error; retry: () => void }) {
  const t = useT();
  return (
    <section className="panel panel-failed" role="alert" data-testid="panel-failed">
      <h2>{t('panelCrash.title', { panel: title })}</h2>
      <p>{t('panelCrash.explain')}</p>
      <code>{t('crash.error', { message: String(error.message ?? error) })}</code>
      <button type="button" onClick={retry}>
        {t('panelCrash.retry')}
      </button>
    </section>
  );
}

/** A lazily loaded panel until its code has arrived: its title, in its place. */
function PanelLoading({ title }: { title: string }) {
  return (
    <section className="panel panel-loading" aria-busy="true">
      <h2>{title}</h2>
    </section>
  );
}

/**
 * Around one panel: an error while it renders (or in its effects, e.g. drawing a canvas) replaces
 * that panel only, with what failed; the rest of the page, the text and the runs keep working. A
 * lazily loaded panel shows its title until its code has arrived.
 */
export class PanelBoundary extends Component<{ title: string; children: ReactNode }, { error: Error | null }> {
  override state = { error: null as Error | null };

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  override componentDidCatch(error: Error, info: ErrorInfo) {
    console.error(`the panel "${this.props.title}" failed`, error, info.componentStack);
  }

  override render() {
    const { error } = this.state;
    const { title, children } = this.props;
    return error ? <PanelFailed title={title} error={error} retry={() => this.setState({ error: null })} /> : <Suspense fallback={<PanelLoading title={title} />}>{children}</Suspense>;
  }
}
