// Timeframe selector as a radio group: Tab enters it, arrow keys / Home / End move the choice.
import { useId, useRef, type KeyboardEvent } from 'react';
import { TIMEFRAMES, type Timeframe } from '../../api/types.ts';

interface TimeframeSwitchProps {
  value: Timeframe;
  onChange(timeframe: Timeframe): void;
}

export function TimeframeSwitch({ value, onChange }: TimeframeSwitchProps) {
  const buttons = useRef<Array<HTMLButtonElement | null>>([]);
  const labelId = useId();

  const move = (event: KeyboardEvent, index: number) => {
    const last = TIMEFRAMES.length - 1;
    const target =
      event.key === 'ArrowRight' || event.key === 'ArrowDown'
        ? (index + 1) % TIMEFRAMES.length
        : event.key === 'ArrowLeft' || event.key === 'ArrowUp'
          ? (index + last) % TIMEFRAMES.length
          : event.key === 'Home'
            ? 0
            : event.key === 'End'
              ? last
              : null;
    if (target === null) return;
    event.preventDefault();
    onChange(TIMEFRAMES[target]);
    buttons.current[target]?.focus();
  };

  return (
    <div className="field">
      <span className="field-label" id={labelId}>
        Timeframe
      </span>
      <div className="segmented" role="radiogroup" aria-labelledby={labelId}>
        {TIMEFRAMES.map((timeframe, index) => {
          const checked = timeframe === value;
          return (
            <button
              key={timeframe}
              ref={(element) => {
                buttons.current[index] = element;
              }}
              type="button"
              role="radio"
              aria-checked={checked}
              aria-label={`Timeframe ${timeframe}`}
              tabIndex={checked ? 0 : -1}
              className={checked ? 'segment active' : 'segment'}
              onClick={() => onChange(timeframe)}
              onKeyDown={(event) => move(event, index)}
            >
              {timeframe}
            </button>
          );
        })}
      </div>
    </div>
  );
}
