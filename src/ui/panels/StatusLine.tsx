// The status line under the title: which WebGPU adapter the page found, or why it will use the CPU.
import { adapterLabel } from '../../backend/webgpu/device.ts';
import type { GpuStatus } from '../hooks/useGpuStatus.ts';
import { useT } from '../i18n.ts';

export function StatusLine({ status }: { status: GpuStatus }) {
  const t = useT();
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
          {t('status.ready')} <strong data-testid="adapter-name">{adapterLabel(status.info)}</strong>
          {status.info.software && <span className="note"> {t('status.software')}</span>}
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
