// Whether an element is on screen (or within `margin` of the viewport), kept current by an
// IntersectionObserver: a panel below the fold asks the worker for nothing until the person
// scrolls to it, so training keeps the device to itself. Returns a callback ref, so an element
// that mounts later is still observed; true where the browser has no IntersectionObserver.
import { useCallback, useEffect, useState } from 'react';

export function useOnScreen(margin = '300px'): [(el: Element | null) => void, boolean] {
  const [el, setEl] = useState<Element | null>(null);
  const [on, setOn] = useState(false);
  const watched = typeof IntersectionObserver !== 'undefined';
  useEffect(() => {
    if (!el || !watched) return;
    const watch = new IntersectionObserver((entries) => setOn(entries.at(-1)!.isIntersecting), { rootMargin: margin });
    watch.observe(el);
    return () => watch.disconnect();
  }, [el, margin, watched]);
  return [useCallback((node: Element | null) => setEl(node), []), on || !watched];
}
