// Human names of the data sources.
const SOURCE_LABELS: Record<string, string> = {
  sim: 'Simulator',
  binance: 'Binance Spot',
  'binance-futures': 'Binance USD-M Futures',
  replay: 'Replay',
  none: 'No source',
};

export function sourceLabel(kind: string): string {
  return SOURCE_LABELS[kind] ?? kind;
}
