// Range-based (OHLC) volatility estimators: Parkinson, Garman–Klass, Rogers–Satchell, Yang–Zhang.

export type { OhlcBar } from './ohlc.js';
export {
  RollingRangeVolatility,
  rangeVolatility,
  parkinsonVolatility,
  garmanKlassVolatility,
  rogersSatchellVolatility,
  yangZhangVolatility,
  type RangeEstimator,
  type RangeVolatilityOptions,
} from './range-volatility.js';
