// The status line under the title: which WebGPU adapter the page found, or why it will use the CPU.
import { adapterLabel } from '../../backend/webgpu/device.ts';
import type { GpuStatus } from '../hooks/useGpuStatus.ts';

export function StatusLine({ status }: { status: GpuStatus }) {
  switch (status.kind) {
    case 'checking':
      return (
        <p className="status status-checking" data-testid="adapter-status" data-kind="checking" role="status">
          Looking for a WebGPU adapter…
        </p>
      );
    case 'webgpu':
      return (
        <p className="status status-ok" data-testid="adapter-status" data-kind="webgpu" role="status">
          <span className="dot" aria-hidden="true" />
          WebGPU ready: <strong data-testid="adapter-name">{adapterLabel(status.info)}</strong>
          {status.info.software && <span className="note"> (a software adapter: correct but slow)</span>}
        </p>
      );
    case 'cpu':
      return (
        <p className="status status-cpu" data-testid="adapter-status" data-kind="cpu" role="status">
          <span className="dot" aria-hidden="true" />
          No WebGPU here, so training will run on the CPU instead. <span className="note">({status.reason})</span>
        </p>
      );
  }
}
