// The live instruments of a Binance source, persisted in the store so that a restart streams the
// same symbols; `--instruments` (flag, environment or config file) replaces the stored list.
import { normalizeInstrumentId, type InstrumentId, type Venue } from '../domain/index.js';
import type { Store } from '../store/store.js';

type SettingsStore = Pick<Store, 'getSetting' | 'setSetting'>;

/** Runtime changes to the live instruments, for a source that supports them. */
export interface WatchlistControl {
  /** Starts streaming an instrument (normalized id returned); throws InvalidInstrumentError when it cannot. */
  add(id: string): Promise<InstrumentId>;
  /** Stops streaming; false when it was not streamed. */
  remove(id: string): Promise<boolean>;
}

const key = (venue: Venue) => `watchlist:${venue}`;

export async function loadWatchlist(
  store: SettingsStore,
  venue: Venue,
  given: readonly InstrumentId[] | null,
  defaults: readonly InstrumentId[],
): Promise<InstrumentId[]> {
  const ofVenue = (ids: readonly InstrumentId[]) => ids.filter((id) => id.startsWith(`${venue}:`));
  if (given !== null) {
    const ids = ofVenue(given);
    await store.setSetting(key(venue), ids);
    return ids;
  }
  const stored = await store.getSetting<string[]>(key(venue));
  if (Array.isArray(stored)) return stored.map((id) => normalizeInstrumentId(id, venue));
  const ids = ofVenue(defaults.map((id) => (id.startsWith('binance:') ? id.replace(/^binance:/, `${venue}:`) : id)));
  return ids;
}

export async function saveWatchlist(store: SettingsStore, venue: Venue, ids: readonly InstrumentId[]): Promise<void> {
  await store.setSetting(key(venue), [...ids]);
}
