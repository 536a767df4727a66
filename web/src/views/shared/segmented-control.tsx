// A small set of exclusive choices as a radio group: Tab enters it, arrow keys / Home / End move
// the choice, every option has an accessible name.
import { useId, useRef, type KeyboardEvent } from 'react';

interface SegmentedControlProps<T extends string> {
  label: string;
  options: readonly T[];
  value: T;
  onChange(value: T): void;
  /** Visible text of an option (defaults to the value). */
  format?: (value: T) => string;
  /** Accessible name of an option. */
  optionLabel?: (value: T) => string;
  title?: (value: T) => string | undefined;
}

export function SegmentedControl<T extends string>({
  label,
  options,
  value,
  onChange,
  format,
  optionLabel,
  title,
}: SegmentedControlProps<T>) {
  const buttons = useRef<Array<HTMLButtonElement | null>>([]);
  const labelId = useId();

  const move = (event: KeyboardEvent, index: number) => {
    const last = options.length - 1;
    const target =
      event.key === 'ArrowRight' || event.key === 'ArrowDown'
        ? (index + 1) % options.length
        : event.key === 'ArrowLeft' || event.key === 'ArrowUp'
          ? (index + last) % options.length
          : event.key === 'Home'
            ? 0
            : event.key === 'End'
              ? last
              : null;
    if (target === null) return;
    event.preventDefault();
    onChange(options[target]);
    buttons.current[target]?.focus();
  };

  return (
    <div className="field">
      <span className="field-label" id={labelId}>
        {label}
      </span>
      <div className="segmented" role="radiogroup" aria-labelledby={labelId}>
        {options.map((option, index) => {
          const checked = option === value;
          return (
            <button
              key={option}
              ref={(element) => {
                buttons.current[index] = element;
              }}
              type="button"
              role="radio"
              aria-checked={checked}
              aria-label={optionLabel?.(option)}
              title={title?.(option)}
              tabIndex={checked ? 0 : -1}
              className={checked ? 'segment active' : 'segment'}
              onClick={() => onChange(option)}
              onKeyDown={(event) => move(event, index)}
            >
              {format ? format(option) : option}
            </button>
          );
        })}
      </div>
    </div>
  );
}
