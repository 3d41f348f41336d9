// A value that follows `value` at most once per `ms` (the latest value always arrives, at the end
// of the interval): for views that are costly to redraw, like the recharts loss curves.
import { useEffect, useRef, useState } from 'react';

export function useThrottled<T>(value: T, ms: number): T {
  const [shown, setShown] = useState(value);
  const last = useRef(0);
  useEffect(() => {
    const wait = last.current + ms - performance.now();
    const apply = () => {
      last.current = performance.now();
      setShown(() => value);
    };
    if (wait <= 0) {
      apply();
      return;
    }
    const timer = setTimeout(apply, wait);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return shown;
}
