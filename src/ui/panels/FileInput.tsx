// The hidden file chooser behind an Open or Import button: out of the tab order (the button is
// the control), its value cleared after each choice so the same file can be chosen again.
import type { Ref } from 'react';

export function FileInput({ ref, accept, testId, onFile }: { ref: Ref<HTMLInputElement>; accept: string; testId: string; onFile: (file: File) => void }) {
  return (
    <input
      ref={ref}
      type="file"
      accept={accept}
      className="visually-hidden"
      tabIndex={-1}
      aria-hidden="true"
      data-testid={testId}
      onChange={(e) => {
        const file = e.target.files?.[0];
        e.target.value = ''; // the same file can be chosen again
        if (file) onFile(file);
      }}
    />
  );
}
