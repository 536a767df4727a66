// The instrument and timeframe on screen live in the query string
// (`?instrument=sim:AAA&timeframe=1m`) so that a link shows the same chart to a colleague.
import { isTimeframe, type InstrumentId, type Timeframe } from '../api/types.ts';

export interface Selection {
  instrument: InstrumentId | null;
  timeframe: Timeframe;
}

export const DEFAULT_TIMEFRAME: Timeframe = '1m';

export function readSelection(search: string = window.location.search): Selection {
  const params = new URLSearchParams(search);
  const timeframe = params.get('timeframe') ?? '';
  const instrument = params.get('instrument')?.trim();
  return {
    instrument: instrument ? instrument : null,
    timeframe: isTimeframe(timeframe) ? timeframe : DEFAULT_TIMEFRAME,
  };
}

export function selectionSearch(selection: Selection, search: string = window.location.search): string {
  const params = new URLSearchParams(search);
  if (selection.instrument) params.set('instrument', selection.instrument);
  else params.delete('instrument');
  params.set('timeframe', selection.timeframe);
  // Keep the colon readable in shared links: `sim:AAA`, not `sim%3AAAA`.
  return `?${params.toString().replaceAll('%3A', ':')}`;
}

/** Pushes a history entry (so Back returns to the previous chart) unless `replace` is set. */
export function writeSelection(selection: Selection, replace = false): void {
  const search = selectionSearch(selection);
  if (search === window.location.search) return;
  const url = `${window.location.pathname}${search}${window.location.hash}`;
  if (replace) window.history.replaceState(null, '', url);
  else window.history.pushState(null, '', url);
}
