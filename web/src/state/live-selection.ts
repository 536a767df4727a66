// What the live view shows, read from the route: `instrument`, an optional second instrument
// side by side (`compare`), and `timeframe`. Instruments the server does not know fall back (the
// first one, or no comparison) and are reported so the page can say why it differs from the link.
import { isTimeframe, type Instrument, type InstrumentId, type Timeframe } from '../api/types.ts';
import type { RouteParams } from './route.ts';

export const DEFAULT_TIMEFRAME: Timeframe = '1m';

export interface LiveSelection {
  instrument: InstrumentId | null;
  compare: InstrumentId | null;
  timeframe: Timeframe;
}

export interface ResolvedSelection {
  selection: LiveSelection;
  /** Instruments the link asked for that the server does not have. */
  unavailable: InstrumentId[];
  /** Parameters to write back so the address names what is on screen (null: already right). */
  correction: Record<string, string | null> | null;
}

export function resolveLiveSelection(
  params: RouteParams,
  instruments: readonly Instrument[] | null,
): ResolvedSelection {
  const timeframe = isTimeframe(params.timeframe ?? '') ? (params.timeframe as Timeframe) : DEFAULT_TIMEFRAME;
  const asked = { instrument: params.instrument ?? null, compare: params.compare ?? null };
  if (!instruments) return { selection: { ...asked, timeframe }, unavailable: [], correction: null };
  const known = (id: string | null) => id !== null && instruments.some((instrument) => instrument.id === id);
  const unavailable = [asked.instrument, asked.compare].filter((id): id is string => id !== null && !known(id));
  const instrument = known(asked.instrument) ? asked.instrument : (instruments[0]?.id ?? null);
  const compare = known(asked.compare) && asked.compare !== instrument ? asked.compare : null;
  const correction: Record<string, string | null> = {};
  if (instrument !== asked.instrument) correction.instrument = instrument;
  if (compare !== asked.compare) correction.compare = null;
  if (params.timeframe !== timeframe) correction.timeframe = timeframe;
  return {
    selection: { instrument, compare, timeframe },
    unavailable,
    correction: Object.keys(correction).length > 0 ? correction : null,
  };
}
