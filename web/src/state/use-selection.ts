// The chosen instrument and timeframe, kept in the URL. An instrument missing from the URL (or
// unknown to the server) falls back to the first listed one, the URL is corrected in place, and
// `unavailable` names what the link asked for so the UI can say why the chart differs.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Instrument, InstrumentId, Timeframe } from '../api/types.ts';
import { readSelection, writeSelection, type Selection } from './url-selection.ts';

export interface SelectionApi {
  selection: Selection;
  unavailable: InstrumentId | null;
  selectInstrument(instrument: InstrumentId): void;
  selectTimeframe(timeframe: Timeframe): void;
}

export function useSelection(instruments: readonly Instrument[] | null): SelectionApi {
  const [selection, setSelection] = useState<Selection>(() => readSelection());
  const [unavailable, setUnavailable] = useState<InstrumentId | null>(null);
  const current = useRef(selection);
  current.current = selection;

  useEffect(() => {
    const onPopState = () => setSelection(readSelection());
    window.addEventListener('popstate', onPopState);
    return () => window.removeEventListener('popstate', onPopState);
  }, []);

  useEffect(() => {
    if (!instruments || instruments.length === 0) return;
    const known = instruments.some((instrument) => instrument.id === selection.instrument);
    if (!known) {
      setUnavailable(selection.instrument);
      setSelection({ ...selection, instrument: instruments[0].id });
    }
    writeSelection(known ? selection : { ...selection, instrument: instruments[0].id }, true);
  }, [instruments, selection]);

  const update = useCallback((change: Partial<Selection>) => {
    const next = { ...current.current, ...change };
    writeSelection(next);
    setUnavailable(null);
    setSelection(next);
  }, []);

  return {
    selection,
    unavailable,
    selectInstrument: useCallback((instrument: InstrumentId) => update({ instrument }), [update]),
    selectTimeframe: useCallback((timeframe: Timeframe) => update({ timeframe }), [update]),
  };
}
