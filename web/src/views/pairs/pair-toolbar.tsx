// The Pairs view's controls: the two legs, timeframe, z-score window, regression lookback, hedge
// method, entry / exit thresholds and price transform. Every change lands in the link.
import {
  HEDGE_LABELS,
  HEDGE_METHODS,
  PAIR_LIMITS,
  PRICE_MODES,
  type HedgeMethod,
  type PairParams,
  type PriceMode,
} from '../../api/analytics-types.ts';
import type { Instrument, InstrumentId, Timeframe } from '../../api/types.ts';
import { paramPatch } from '../../state/pair-params.ts';
import { updateParams } from '../../state/route-store.ts';
import { InstrumentPicker } from '../live/instrument-picker.tsx';
import { NumberField } from '../shared/number-field.tsx';
import { SegmentedControl } from '../shared/segmented-control.tsx';
import { TimeframeSwitch } from '../shared/timeframe-switch.tsx';

interface PairToolbarProps {
  instruments: readonly Instrument[] | null;
  x: InstrumentId | null;
  y: InstrumentId | null;
  timeframe: Timeframe;
  params: PairParams;
}

const integerBetween = (min: number, max: number) => (value: number) =>
  Number.isInteger(value) && value >= min && value <= max ? null : `An integer from ${min} to ${max}.`;

export function PairToolbar({ instruments, x, y, timeframe, params }: PairToolbarProps) {
  const set = (patch: Record<string, string | null>) => updateParams(patch);
  const setParams = (patch: Parameters<typeof paramPatch>[0]) => updateParams(paramPatch(patch));
  const lookbackMax = params.hedge === 'theil-sen' ? PAIR_LIMITS.theilSenLookback : PAIR_LIMITS.lookback.max;
  return (
    <div className="toolbar pair-toolbar" role="toolbar" aria-label="Pair controls">
      <InstrumentPicker
        label="Y leg"
        instruments={instruments}
        value={y}
        exclude={x}
        onChange={(id) => id && set({ y: id })}
      />
      <button
        type="button"
        className="icon-button swap-button"
        aria-label="Swap legs"
        title="Swap the legs (regress the other one)"
        disabled={!x || !y}
        onClick={() => set({ x: y, y: x })}
      >
        <svg viewBox="0 0 16 16" aria-hidden="true">
          <path d="M3 5h10l-3-3M13 11H3l3 3" />
        </svg>
      </button>
      <InstrumentPicker
        label="X leg (hedge)"
        instruments={instruments}
        value={x}
        exclude={y}
        onChange={(id) => id && set({ x: id })}
      />
      <TimeframeSwitch value={timeframe} onChange={(next) => set({ timeframe: next })} />
      <NumberField
        label="Window"
        hint="Spreads in the z-score and returns in the correlation"
        value={params.window}
        width="narrow"
        validate={integerBetween(PAIR_LIMITS.window.min, PAIR_LIMITS.window.max)}
        onCommit={(value) => setParams({ window: value })}
      />
      <NumberField
        label="Lookback"
        hint="Aligned closes in the hedge regression and the ADF / Engle-Granger window"
        value={params.lookback}
        width="narrow"
        validate={integerBetween(PAIR_LIMITS.lookback.min, lookbackMax)}
        onCommit={(value) => setParams({ lookback: value })}
      />
      <SegmentedControl<HedgeMethod>
        label="Hedge"
        options={HEDGE_METHODS}
        value={params.hedge}
        format={(method) => HEDGE_LABELS[method]}
        optionLabel={(method) => `Hedge ${HEDGE_LABELS[method]}`}
        onChange={(hedge) => {
          // Theil-Sen fits every pair of points: the server caps its lookback.
          const capped = hedge === 'theil-sen' && params.lookback > PAIR_LIMITS.theilSenLookback;
          setParams({ hedge, ...(capped ? { lookback: PAIR_LIMITS.theilSenLookback } : {}) });
        }}
      />
      <NumberField
        label="Entry |z|"
        value={params.entry}
        width="narrow"
        validate={(value) =>
          value > 0 && value <= PAIR_LIMITS.entryMax
            ? value > params.exit
              ? null
              : `Above the exit (${params.exit}).`
            : `Above 0, at most ${PAIR_LIMITS.entryMax}.`
        }
        onCommit={(value) => setParams({ entry: value })}
      />
      <NumberField
        label="Exit |z|"
        value={params.exit}
        width="narrow"
        validate={(value) =>
          value >= 0 && value < params.entry ? null : `At least 0 and below the entry (${params.entry}).`
        }
        onCommit={(value) => setParams({ exit: value })}
      />
      <SegmentedControl<PriceMode>
        label="Prices"
        options={PRICE_MODES}
        value={params.price}
        format={(mode) => (mode === 'raw' ? 'Raw' : 'Log')}
        optionLabel={(mode) => (mode === 'raw' ? 'Raw prices' : 'Log prices')}
        onChange={(price) => setParams({ price })}
      />
    </div>
  );
}
