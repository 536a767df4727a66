// Technical indicators as pandas recipes: MACD, RSI (Wilder), Bollinger Bands.

export { Macd, macd, type MacdOptions, type MacdValue, type MacdSeries } from './macd.js';
export { Rsi, rsi, type RsiOptions, type RsiSeries } from './rsi.js';
export { Bollinger, bollinger, type BollingerOptions, type BollingerValue, type BollingerSeries } from './bollinger.js';
