// The latest trace of one run for a figure: the same traces the inside panels draw (the store's
// `traces`, src/store/inspect.ts), followed through a transient subscription and rendered in a
// transition, so a trace arriving about once a second never blocks the page.
import { startTransition, useEffect, useState } from 'react';
import { useStore } from '../../../store/store.ts';
import type { TraceFrame } from '../../../store/traces.ts';

export function useTrace(runId: string | null): TraceFrame | null {
  const [frame, setFrame] = useState<TraceFrame | null>(null);
  useEffect(() => {
    const show = () => startTransition(() => setFrame(runId ? (useStore.getState().traces[runId] ?? null) : null));
    show();
    return useStore.subscribe((s, prev) => {
      if (runId && s.traces[runId] !== prev.traces[runId]) show();
    });
  }, [runId]);
  return frame && frame.runId === runId ? frame : null;
}
