// Whether the person asked their system for reduced motion (prefers-reduced-motion): animations
// drawn in script then show their last frame at once, as styles.css does for CSS ones.
const query = typeof matchMedia === 'function' ? matchMedia('(prefers-reduced-motion: reduce)') : null;

export const reducedMotion = (): boolean => query?.matches ?? false;
