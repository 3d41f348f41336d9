// The content size of an element in CSS pixels, kept current by a ResizeObserver (0 × 0 until the
// element is laid out). Charts take it as a fixed width and height, so they never measure the
// page themselves. Returns a callback ref, so an element that mounts later is still observed.
import { useCallback, useEffect, useState } from 'react';

export interface Size {
  width: number;
  height: number;
}

export function useSize(): [(el: HTMLElement | null) => void, Size] {
  const [el, setEl] = useState<HTMLElement | null>(null);
  const [size, setSize] = useState<Size>({ width: 0, height: 0 });
  useEffect(() => {
    if (!el) return;
    const watch = new ResizeObserver(([entry]) => {
      const width = Math.floor(entry!.contentRect.width);
      const height = Math.floor(entry!.contentRect.height);
      setSize((s) => (s.width === width && s.height === height ? s : { width, height }));
    });
    watch.observe(el);
    return () => watch.disconnect();
  }, [el]);
  return [useCallback((node: HTMLElement | null) => setEl(node), []), size];
}
