// The pair a fresh install watches: the simulator's cointegrated AAA/BBB on 1s bars (so that a
// demo fills its 500-bar lookback in minutes), or BTCUSDT/ETHUSDT on 1m bars on a real venue.
import type { Venue } from '../../domain/index.js';
import type { PairRequest } from './pair-registry.js';

export function defaultPairFor(venue: Venue): PairRequest {
  if (venue === 'sim') return { x: 'sim:AAA', y: 'sim:BBB', timeframe: '1s' };
  return { x: `${venue}:BTCUSDT`, y: `${venue}:ETHUSDT`, timeframe: '1m' };
}
