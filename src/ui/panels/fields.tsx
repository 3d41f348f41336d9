// Labelled form fields, each with a short explanation (`hint`) shown on hover and focus and read
// by screen readers. A number field keeps what the person types and commits only a valid value;
// an invalid one is refused at the field with the reason (from config.ts's ranges).
import { useState, type ReactNode, type Ref } from 'react';
import { checkNumeric, problem, type NumericFieldName, type Problem } from '../../model/config.ts';
import { useErrorText } from '../i18n.ts';

/** The explanation under a field, shown while it is hovered or focused (styles.css). */
export function Hint({ id, text }: { id: string; text?: string }) {
  return text ? (
    <p className="field-hint" id={`${id}-hint`} role="note" data-testid={`${id}-hint`}>
      {text}
    </p>
  ) : null;
}

const describedBy = (...ids: (string | false | null | undefined)[]) => ids.filter(Boolean).join(' ') || undefined;

interface NumberFieldProps {
  name: string;
  label: string;
  value: number;
  onCommit: (v: number) => void;
  error?: string | null;
  step?: number;
  hint?: string;
}

/** A number field of a setting in config.ts's table: its range refuses a value at the field. */
export function NumberField(props: NumberFieldProps & { name: NumericFieldName }) {
  return <CheckedNumberField {...props} check={(v) => checkNumeric(props.name, v)?.problem} />;
}

/** A number field whose `check` says why a value is refused (null or undefined: it is taken). */
export function CheckedNumberField({ name, label, value, onCommit, error, step, hint, check }: NumberFieldProps & { check: (v: number) => Problem | null | undefined }) {
  const [draft, setDraft] = useState<string | null>(null);
  const [local, setLocal] = useState<Problem | null>(null);
  const say = useErrorText();
  const commit = () => {
    if (draft === null) return;
    const v = Number(draft.trim());
    const bad = draft.trim() === '' ? problem('required') : check(v);
    if (bad) {
      setLocal(bad);
      return;
    }
    setLocal(null);
    setDraft(null);
    if (v !== value) onCommit(v);
  };
  const message = local ? say({ message: '', field: name, problem: local }) : (error ?? null);
  const id = `field-${name}`;
  return (
    <div className={`field${message ? ' invalid' : ''}`}>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        data-testid={id}
        type="number"
        inputMode="decimal"
        step={step ?? 'any'}
        value={draft ?? String(value)}
        aria-invalid={message ? true : undefined}
        aria-describedby={describedBy(message && `${id}-error`, hint && `${id}-hint`)}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => e.key === 'Enter' && commit()}
      />
      <Hint id={id} text={hint} />
      {message && (
        <p className="field-error" id={`${id}-error`} role="alert">
          {message}
        </p>
      )}
    </div>
  );
}

export function SelectField<T extends string>({ id, label, value, options, onChange, hint }: {
  id: string;
  label: string;
  value: T;
  options: readonly (readonly [T, string])[];
  onChange: (v: T) => void;
  hint?: string;
}) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} data-testid={id} value={value} onChange={(e) => onChange(e.target.value as T)} aria-describedby={describedBy(hint && `${id}-hint`)}>
        {options.map(([v, text]) => (
          <option key={v} value={v}>
            {text}
          </option>
        ))}
      </select>
      <Hint id={id} text={hint} />
    </div>
  );
}

export function Panel({ title, children, className, testId, ref }: { title: string; children: ReactNode; className?: string; testId?: string; ref?: Ref<HTMLElement> }) {
  return (
    <section ref={ref} className={`panel ${className ?? ''}`} aria-label={title} data-testid={testId}>
      <h2>{title}</h2>
      {children}
    </section>
  );
}
