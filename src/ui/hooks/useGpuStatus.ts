// Finds the browser's WebGPU adapter once, proves it computes (saxpy self-test), and reports
// either the adapter or why training will run on the CPU instead.
import { useEffect, useState } from 'react';
import { acquireGpu, type AdapterInfo, WebGpuUnavailableError } from '../../backend/webgpu/device.ts';
import { runSelfTest } from '../../backend/webgpu/selftest.ts';

export type GpuStatus =
  | { kind: 'checking' }
  | { kind: 'webgpu'; info: AdapterInfo; elementsChecked: number }
  | { kind: 'cpu'; reason: string };

async function probe(): Promise<GpuStatus> {
  try {
    const { device, info } = await acquireGpu(navigator.gpu);
    try {
      const test = await runSelfTest(device);
      if (!test.ok) return { kind: 'cpu', reason: `the adapter failed its self-test (max error ${test.maxAbsError})` };
      return { kind: 'webgpu', info, elementsChecked: test.elements };
    } finally {
      device.destroy();
    }
  } catch (err) {
    const reason = err instanceof WebGpuUnavailableError ? err.reason : `WebGPU failed: ${(err as Error).message}`;
    return { kind: 'cpu', reason };
  }
}

export function useGpuStatus(): GpuStatus {
  const [status, setStatus] = useState<GpuStatus>({ kind: 'checking' });
  useEffect(() => {
    let live = true;
    void probe().then((s) => live && setStatus(s));
    return () => {
      live = false;
    };
  }, []);
  return status;
}
