// A numeric input that commits on Enter or when it loses the focus, and says inline what is
// wrong with a value it refuses (the previous value stays in effect until then).
import { useEffect, useId, useState } from 'react';

interface NumberFieldProps {
  label: string;
  value: number;
  /** Returns why `value` is not allowed, or null. */
  validate(value: number): string | null;
  onCommit(value: number): void;
  step?: number;
  hint?: string;
  width?: 'narrow' | 'normal';
}

export function NumberField({ label, value, validate, onCommit, step, hint, width = 'normal' }: NumberFieldProps) {
  const id = useId();
  const [text, setText] = useState(String(value));
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    setText(String(value));
    setError(null);
  }, [value]);

  const commit = () => {
    const parsed = Number(text.trim());
    const problem = text.trim() === '' || !Number.isFinite(parsed) ? 'Enter a number.' : validate(parsed);
    setError(problem);
    if (problem === null && parsed !== value) onCommit(parsed);
  };

  return (
    <div className="field">
      <label className="field-label" htmlFor={id} title={hint}>
        {label}
      </label>
      <input
        id={id}
        className={`input num ${width}`}
        inputMode="decimal"
        value={text}
        step={step}
        aria-invalid={error !== null}
        aria-describedby={error ? `${id}-error` : undefined}
        title={hint}
        onChange={(event) => setText(event.target.value)}
        onBlur={commit}
        onKeyDown={(event) => {
          if (event.key === 'Enter') commit();
          if (event.key === 'Escape') {
            setText(String(value));
            setError(null);
          }
        }}
      />
      {error && (
        <span id={`${id}-error`} className="field-error floating" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}
