// The content size of an element in CSS pixels, kept current by a ResizeObserver (0 × 0 until the
// element is laid out). Charts take it as fixed width and height, so they never measure the page.
import { useEffect, useState, type RefObject } from 'react';

export function useSize(ref: RefObject<HTMLElement | null>): { width: number; height: number } {
  const [size, setSize] = useState({ width: 0, height: 0 });
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const watch = new ResizeObserver(([entry]) => {
      const { width, height } = entry!.contentRect;
      setSize((s) => (s.width === Math.floor(width) && s.height === Math.floor(height) ? s : { width: Math.floor(width), height: Math.floor(height) }));
    });
    watch.observe(el);
    return () => watch.disconnect();
  }, [ref]);
  return size;
}
