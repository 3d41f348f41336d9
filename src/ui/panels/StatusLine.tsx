// The status line under the title: the WebGPU adapter the training worker found and proved with
// its self-test, or why training will use the CPU (src/store/engine.ts keeps the worker's report);
// under it, a new version waiting to be switched to (src/ui/offline.ts) and any error nobody caught
// in the page or a worker (src/ui/uncaught.ts), until dismissed.
import { useStore } from '../../store/store.ts';
import { useT } from '../i18n.ts';
import { dismissUncaught, useUncaught } from '../uncaught.ts';
import { dismissUpdate, useUpdate } from '../offline.ts';

function Adapter() {
  const t = useT();
  const status = useStore((s) => s.gpu);
  switch (status.kind) {
    case 'checking':
      return (
        <p className="status status-checking" data-testid="adapter-status" data-kind="checking" role="status">
          {t('status.checking')}
        </p>
      );
    case 'webgpu':
      return (
        <p className="status status-ok" data-testid="adapter-status" data-kind="webgpu" role="status">
          <span className="dot" aria-hidden="true" />
          {t('status.ready')} <strong data-testid="adapter-name">{status.adapter}</strong>
          {status.software && <span className="note"> {t('status.software')}</span>}
        </p>
      );
    case 'cpu':
      return (
        <p className="status status-cpu" data-testid="adapter-status" data-kind="cpu" role="status">
          <span className="dot" aria-hidden="true" />
          {t('status.cpu')} <span className="note">({status.reason})</span>
        </p>
      );
  }
}

function UncaughtError() {
  const t = useT();
  const error = useUncaught();
  if (!error) return null;
  return (
    <div className="status status-error" role="alert" data-testid="uncaught-error">
      <span className="dot" aria-hidden="true" />
      <span className="status-text">
        {t('uncaught.message', { message: error.message })}
        {error.count > 1 && <span className="note"> {t('uncaught.more', { count: error.count - 1 })}</span>}
      </span>
      <button type="button" className="small" onClick={dismissUncaught}>
        {t('uncaught.dismiss')}
      </button>
    </div>
  );
}

function UpdateReady() {
  const t = useT();
  const update = useUpdate();
  if (!update) return null;
  return (
    <div className="status status-update" role="status" data-testid="update-prompt">
      <span className="dot" aria-hidden="true" />
      <span className="status-text">{t('update.ready')}</span>
      <button type="button" className="small primary" data-testid="update-now" onClick={update}>
        {t('update.now')}
      </button>
      <button type="button" className="small" onClick={dismissUpdate}>
        {t('update.later')}
      </button>
    </div>
  );
}

export function StatusLine() {
  return (
    <>
      <Adapter />
      <UpdateReady />
      <UncaughtError />
    </>
  );
}
