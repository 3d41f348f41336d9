// The training text: the task (next character, lines, labelled sentences or a memory task),
// presets, an editable area, and what the text makes in that task: its size and vocabulary, its
// lines or labels and held-out split, or why it makes none. A memory task reads no text: its
// picker (MemoryTaskPicker.tsx) stands in the text's place, the text is kept for later.
// A text too long to edit comfortably (over EDIT_LIMIT UTF-16 units) is shown as a read-only
// preview of its start: a textarea laying out megabytes blocks the main thread for seconds. A paste
// that big is taken straight from the clipboard event, so the textarea never holds it.
// A text file comes in by Open or dropped on the panel (UTF-8 only; refused here with the reason),
// and the text goes out by Download.
import { useRef, useState, type ClipboardEvent, type DragEvent } from 'react';
import { applyPreset, downloadText, openTextFile, setMode, setText } from '../../store/actions.ts';
import type { TextFileProblem } from '../../store/state.ts';
import { useStore } from '../../store/store.ts';
import { PRESETS, type PresetName } from '../../store/presets.ts';
import type { TaskSummary } from '../../model/task-summary.ts';
import { TASK_MODES, type TaskNote } from '../../model/tasks.ts';
import { useErrorText, useT, type MessageKey } from '../i18n.ts';
import { Panel } from './fields.tsx';
import { FileInput } from './FileInput.tsx';
import { MemoryTaskPicker } from './MemoryTaskPicker.tsx';
import { TintedText } from './TintedText.tsx';

/** Longer texts are previewed, not edited. */
export const EDIT_LIMIT = 200_000;
const PREVIEW_UNITS = 20_000;

/** Takes a paste of any size from the event itself, replacing the selection (or the whole text). */
function pasteLarge(e: ClipboardEvent<HTMLElement>, text: string) {
  const pasted = e.clipboardData.getData('text/plain');
  const area = e.currentTarget instanceof HTMLTextAreaElement ? e.currentTarget : null;
  if (area && pasted.length <= EDIT_LIMIT) return; // small: the textarea handles it natively
  e.preventDefault();
  setText(area ? text.slice(0, area.selectionStart) + pasted + text.slice(area.selectionEnd) : pasted);
}

function Preview({ text }: { text: string }) {
  const t = useT();
  // never cut a surrogate pair in half
  const cut = PREVIEW_UNITS - (text.charCodeAt(PREVIEW_UNITS - 1) >= 0xd800 && text.charCodeAt(PREVIEW_UNITS - 1) <= 0xdbff ? 1 : 0);
  return (
    <>
      <pre
        className="text-preview"
        data-testid="text-preview"
        tabIndex={0}
        aria-label={t('text.previewLabel')}
        aria-describedby="text-preview-note"
        onPaste={(e) => pasteLarge(e, text)}
      >
        {text.slice(0, cut)}
        <span className="more">…</span>
      </pre>
      <p className="meta" id="text-preview-note" data-testid="text-preview-note">
        {t('text.preview', { shown: cut, total: text.length })}{' '}
        <button type="button" className="small" data-testid="text-clear" onClick={() => setText('')}>
          {t('text.clear')}
        </button>
      </p>
    </>
  );
}


function TaskSwitch() {
  const mode = useStore((s) => s.mode);
  const t = useT();
  return (
    <div className="task-switch">
      <div className="segmented" role="radiogroup" aria-label={t('task.label')}>
        <span className="segmented-label">{t('task.label')}</span>
        {TASK_MODES.map((m) => (
          <button key={m} type="button" role="radio" aria-checked={mode === m} className={mode === m ? 'on' : ''} data-testid={`mode-${m}`} onClick={() => setMode(m)}>
            {t(`task.${m}`)}
          </button>
        ))}
      </div>
      <p className="meta task-hint" data-testid="task-hint">
        {t(`task.${mode}Hint`)}
      </p>
    </div>
  );
}

function noteText(t: ReturnType<typeof useT>, n: TaskNote): string {
  if (n.code === 'singletonLabels') return t('note.singletonLabels', { labels: n.labels.join(', ') });
  return t(`note.${n.code}` as MessageKey, { count: n.count });
}

/** What the text makes in its task: counts and notes, or (returned apart) why it makes none. */
function TaskStats({ task, chars, vocab }: { task: TaskSummary; chars: number; vocab: number }) {
  const t = useT();
  if ('problem' in task || task.mode === 'lm' || task.mode === 'memory') return <>{t('text.stats', { chars, vocab })}</>;
  const line =
    task.mode === 'lines'
      ? t('text.lines', { count: task.count, vocab: task.vocab })
      : t('text.examples', { count: task.count, held: task.heldOutCount, labels: task.labels.length, list: task.labels.join(', ') });
  return (
    <>
      {line}
      {task.notes.map((n) => (
        <span key={n.code} className="task-note" data-testid={`task-note-${n.code}`}>
          {' '}
          {noteText(t, n)}
        </span>
      ))}
    </>
  );
}

function fileProblemText(t: ReturnType<typeof useT>, p: TextFileProblem): string {
  switch (p.code) {
    case 'binary':
      return t('file.binary', { file: p.file });
    case 'encoding':
      return t('file.encoding', { file: p.file, at: p.at });
    case 'tooLarge':
      return t('file.tooLarge', { file: p.file, mb: p.mb, max: p.max });
    case 'unreadable':
      return t('file.unreadable', { file: p.file, reason: p.reason });
  }
}

/** Open… (a file chooser) and Download text. */
function TextFiles() {
  const t = useT();
  const input = useRef<HTMLInputElement>(null);
  return (
    <div className="text-files">
      <button type="button" className="small" data-testid="text-open" onClick={() => input.current?.click()} title={t('text.openTitle')}>
        {t('text.open')}
      </button>
      <FileInput ref={input} accept=".txt,.md,.csv,.tsv,.json,.py,.js,.ts,.html,text/*" testId="text-file" onFile={(f) => void openTextFile(f)} />{' '}
      <button type="button" className="small" data-testid="text-download" onClick={downloadText}>
        {t('text.download')}
      </button>
    </div>
  );
}

const hasFiles = (e: DragEvent) => e.dataTransfer.types.includes('Files');

export function TextPanel() {
  const text = useStore((s) => s.text);
  const mode = useStore((s) => s.mode);
  const error = useStore((s) => s.error);
  const stats = useStore((s) => s.textStats);
  const notice = useStore((s) => s.textNotice);
  const fileProblem = useStore((s) => s.textFileError);
  const [dropping, setDropping] = useState(false);
  const t = useT();
  const say = useErrorText();
  // a problem of the task is shown as soon as the text worker finds it (for the current mode)
  const task = stats?.task.mode === mode ? stats.task : null;
  const taskProblem = task && 'problem' in task ? say({ message: task.message, field: 'text', problem: task.problem }) : null;
  // a memory task reads no text: nothing about the text is said while it is chosen
  const textError = mode === 'memory' ? null : error?.field === 'text' ? say(error) : taskProblem;
  const onDrop = (e: DragEvent<HTMLDivElement>) => {
    setDropping(false);
    const file = e.dataTransfer.files[0];
    if (!file || mode === 'memory') return;
    e.preventDefault();
    void openTextFile(file);
  };
  return (
    <Panel title={t(mode === 'memory' ? 'memory.panelTitle' : 'text.title')} className="text-panel">
      <div
        className={`drop-zone${dropping ? ' dropping' : ''}`}
        data-testid="text-drop"
        data-drop-label={t('text.drop')}
        onDragOver={(e) => {
          if (mode === 'memory' || !hasFiles(e)) return;
          e.preventDefault();
          setDropping(true);
        }}
        onDragLeave={() => setDropping(false)}
        onDrop={onDrop}
      >
      <TaskSwitch />
      <div className="presets" role="group" aria-label={t('text.presets')}>
        {(Object.keys(PRESETS) as PresetName[]).map((name) => (
          <button key={name} type="button" className="chip" data-testid={`preset-${name}`} onClick={() => applyPreset(name)}>
            {t(`preset.${name}`)}
          </button>
        ))}
      </div>
      {mode === 'memory' ? (
        <MemoryTaskPicker />
      ) : text.length > EDIT_LIMIT ? (
        <Preview text={text} />
      ) : (
        <>
          <label htmlFor="training-text" className="visually-hidden">
            {t('text.title')}
          </label>
          <textarea
            id="training-text"
            data-testid="training-text"
            value={text}
            spellCheck={false}
            aria-invalid={textError ? true : undefined}
            onChange={(e) => setText(e.target.value)}
            onPaste={(e) => pasteLarge(e, text)}
          />
        </>
      )}
      {mode !== 'memory' && <TextFiles />}
      {mode !== 'memory' && (
        <p className="meta" data-testid="text-stats">
          {stats && task ? <TaskStats task={task} chars={stats.chars} vocab={stats.vocab} /> : '…'}
        </p>
      )}
      {mode === 'lm' && <TintedText />}
      {notice && (
        <p className="note" role="status" data-testid="text-notice">
          {t('text.capped', { kept: notice.kept, total: notice.total })}
        </p>
      )}
      {textError && (
        <p className="field-error" role="alert" data-testid="text-error">
          {textError}
        </p>
      )}
      {fileProblem && (
        <p className="field-error" role="alert" data-testid="text-file-error">
          {fileProblemText(t, fileProblem)}
        </p>
      )}
      </div>
    </Panel>
  );
}
