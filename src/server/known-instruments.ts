// The instruments the API knows — streamed by the source, seen by the pipeline since the start, or
// stored — and the 404 for any other: a typo such as sim:XYZ gets the list of known ids with the
// closest first, instead of an empty answer that looks like "no data yet".
import type { ServerContext } from './context.js';
import { ApiError } from './errors.js';

/** Ids shown in the message; the details list them all. */
const NAMED_IN_MESSAGE = 8;

export interface InstrumentField {
  /** The query or body field, e.g. `instrument`, `x`, `instruments`. */
  field: string;
  /** As sent. */
  value: string;
  /** Normalized id. */
  id: string;
}

/** Levenshtein distance; symbols are short, so the full table is cheap. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}

/** Split without validation: a stored id from an older version must not turn a 404 into a 500. */
function venueAndSymbol(id: string): { venue: string; symbol: string } {
  const colon = id.lastIndexOf(':');
  return { venue: id.slice(0, Math.max(0, colon)), symbol: id.slice(colon + 1) };
}

/**
 * `known` ordered for someone who meant `id`: the same symbol on another venue first, then by edit
 * distance of the symbol (same venue first on a tie), then alphabetically.
 */
export function closestFirst(id: string, known: readonly string[]): string[] {
  const wanted = venueAndSymbol(id);
  const rank = (candidate: string) => {
    const { venue, symbol } = venueAndSymbol(candidate);
    const distance = symbol === wanted.symbol ? -1 : editDistance(symbol, wanted.symbol);
    return { candidate, distance, otherVenue: venue === wanted.venue ? 0 : 1 };
  };
  return known
    .map(rank)
    .sort((a, b) => a.distance - b.distance || a.otherVenue - b.otherVenue || a.candidate.localeCompare(b.candidate))
    .map((r) => r.candidate);
}

/** Cheap checks first: the source and the pipeline answer without the store for every live instrument. */
function knownWithoutStore(ctx: ServerContext, id: string): boolean {
  return (ctx.source?.instruments() ?? []).includes(id) || ctx.pipeline.lastTradeId(id) !== null;
}

export async function knownInstrumentIds(ctx: ServerContext): Promise<string[]> {
  const stored = await ctx.store.instruments();
  return [...new Set([...(ctx.source?.instruments() ?? []), ...stored.map((s) => s.id)])].sort();
}

function unknownInstrument(unknown: readonly InstrumentField[], known: readonly string[]): ApiError {
  const [first] = unknown;
  const ranked = closestFirst(first.id, known);
  const shown = ranked.slice(0, NAMED_IN_MESSAGE).join(', ');
  const more = ranked.length > NAMED_IN_MESSAGE ? ` and ${ranked.length - NAMED_IN_MESSAGE} more` : '';
  const which = unknown.map((u) => `${u.id} (${u.field})`).join(', ');
  const message =
    known.length === 0
      ? `unknown instrument ${which}: no instrument is streamed or stored yet`
      : `unknown instrument ${which}; known: ${shown}${more}`;
  return new ApiError(
    404,
    'unknown_instrument',
    message,
    unknown.map((u) => ({ field: u.field, value: u.value, known: closestFirst(u.id, known) })),
  );
}

/** Throws a 404 `unknown_instrument` naming every instrument of `fields` that is not known. */
export async function requireKnownInstruments(ctx: ServerContext, fields: readonly InstrumentField[]): Promise<void> {
  if (fields.every((f) => knownWithoutStore(ctx, f.id))) return;
  const known = await knownInstrumentIds(ctx);
  const unknown = fields.filter((f) => !knownWithoutStore(ctx, f.id) && !known.includes(f.id));
  if (unknown.length > 0) throw unknownInstrument(unknown, known);
}
