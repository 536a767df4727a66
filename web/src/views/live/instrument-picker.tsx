// Instrument chooser: a native select, so keyboard, screen readers and type-to-find just work.
import type { Instrument, InstrumentId } from '../../api/types.ts';

interface InstrumentPickerProps {
  label: string;
  instruments: readonly Instrument[] | null;
  value: InstrumentId | null;
  onChange(instrument: InstrumentId | null): void;
  /** Offers an empty choice with this text (e.g. "None" for the optional comparison). */
  emptyLabel?: string;
  exclude?: InstrumentId | null;
}

export function InstrumentPicker({ label, instruments, value, onChange, emptyLabel, exclude }: InstrumentPickerProps) {
  const loading = instruments === null;
  const choices = instruments?.filter((instrument) => instrument.id !== exclude) ?? [];
  return (
    <label className="field">
      <span className="field-label">{label}</span>
      <select
        className="select"
        aria-label={label}
        value={value ?? ''}
        disabled={loading || (instruments.length === 0 && !emptyLabel)}
        onChange={(event) => onChange(event.target.value || null)}
      >
        {loading && <option value="">Loading…</option>}
        {!loading && emptyLabel !== undefined && <option value="">{emptyLabel}</option>}
        {!loading && instruments.length === 0 && emptyLabel === undefined && <option value="">No instruments</option>}
        {choices.map((instrument) => (
          <option key={instrument.id} value={instrument.id}>
            {instrument.symbol} · {instrument.venue}
            {instrument.live ? '' : ' (stored only)'}
          </option>
        ))}
      </select>
    </label>
  );
}
