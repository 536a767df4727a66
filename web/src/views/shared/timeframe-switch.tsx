// Timeframe selector: a radio group over 1s…1d.
import { TIMEFRAMES, type Timeframe } from '../../api/types.ts';
import { SegmentedControl } from './segmented-control.tsx';

interface TimeframeSwitchProps {
  value: Timeframe;
  onChange(timeframe: Timeframe): void;
}

export function TimeframeSwitch({ value, onChange }: TimeframeSwitchProps) {
  return (
    <SegmentedControl
      label="Timeframe"
      options={TIMEFRAMES}
      value={value}
      onChange={onChange}
      optionLabel={(timeframe) => `Timeframe ${timeframe}`}
    />
  );
}
