// Instrument chooser: a native select, so keyboard, screen readers and type-to-find just work.
import type { Instrument, InstrumentId } from '../../api/types.ts';

interface InstrumentPickerProps {
  instruments: readonly Instrument[] | null;
  value: InstrumentId | null;
  onChange(instrument: InstrumentId): void;
}

export function InstrumentPicker({ instruments, value, onChange }: InstrumentPickerProps) {
  const loading = instruments === null;
  return (
    <label className="field">
      <span className="field-label">Instrument</span>
      <select
        className="select"
        aria-label="Instrument"
        value={value ?? ''}
        disabled={loading || instruments.length === 0}
        onChange={(event) => onChange(event.target.value)}
      >
        {loading && <option value="">Loading…</option>}
        {instruments?.length === 0 && <option value="">No instruments</option>}
        {instruments?.map((instrument) => (
          <option key={instrument.id} value={instrument.id}>
            {instrument.symbol} · {instrument.venue}
            {instrument.live ? '' : ' (not live)'}
          </option>
        ))}
      </select>
    </label>
  );
}
