// The status line under the title: the WebGPU adapter the training worker found and proved with
// its self-test, or why training will use the CPU (src/store/engine.ts keeps the worker's report).
import { useStore } from '../../store/store.ts';
import { useT } from '../i18n.ts';

export function StatusLine() {
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
