// Colours and fonts of the charts for each theme (keep in sync with styles/theme.css). Series
// colours come from the Okabe-Ito set, which stays distinguishable for colour-blind readers;
// lines that share a pane also differ in style.
import { ColorType, CrosshairMode, LineStyle, type ChartOptions, type DeepPartial } from 'lightweight-charts';
import type { Theme } from '../state/theme-store.ts';

export interface ChartPalette {
  background: string;
  grid: string;
  border: string;
  text: string;
  up: string;
  down: string;
  upVolume: string;
  downVolume: string;
  crosshair: string;
  crosshairLabel: string;
  simulated: string;
  symbolWatermark: string;
  /** Series colours: primary line, second, third, and a neutral guide colour. */
  series: readonly [string, string, string, string];
  entry: string;
  exit: string;
}

const dark: ChartPalette = {
  background: '#0b0e14',
  grid: 'rgba(138, 150, 170, 0.07)',
  border: '#232a36',
  text: '#8a96aa',
  up: '#26a69a',
  down: '#ef5350',
  upVolume: 'rgba(38, 166, 154, 0.45)',
  downVolume: 'rgba(239, 83, 80, 0.45)',
  crosshair: 'rgba(200, 210, 225, 0.35)',
  crosshairLabel: '#2a3140',
  simulated: 'rgba(255, 176, 32, 0.09)',
  symbolWatermark: 'rgba(138, 150, 170, 0.06)',
  series: ['#56b4e9', '#e69f00', '#cc79a7', '#9aa5b8'],
  entry: '#d55e00',
  exit: '#009e73',
};

const light: ChartPalette = {
  background: '#ffffff',
  grid: 'rgba(40, 50, 70, 0.07)',
  border: '#d6dbe3',
  text: '#5b6577',
  up: '#089981',
  down: '#e13443',
  upVolume: 'rgba(8, 153, 129, 0.35)',
  downVolume: 'rgba(225, 52, 67, 0.35)',
  crosshair: 'rgba(40, 50, 70, 0.4)',
  crosshairLabel: '#4a5568',
  simulated: 'rgba(200, 120, 0, 0.09)',
  symbolWatermark: 'rgba(40, 50, 70, 0.06)',
  series: ['#0072b2', '#c77800', '#a2487f', '#6b7689'],
  entry: '#c0392b',
  exit: '#007a5a',
};

export function chartPalette(theme: Theme): ChartPalette {
  return theme === 'light' ? light : dark;
}

export const fontFamily =
  "'Inter', 'SF Pro Text', -apple-system, BlinkMacSystemFont, 'Segoe UI', Roboto, Ubuntu, 'DejaVu Sans', sans-serif";

export const DEFAULT_BAR_SPACING = 7;
/** Narrowest bar spacing the user can zoom out to; it bounds the bars on screen (see bar-window.ts). */
export const MIN_BAR_SPACING = 0.75;

/** Chart text follows the page's root font size, which grows on very large screens. */
export function chartFontSize(): number {
  const root = parseFloat(getComputedStyle(document.documentElement).fontSize) || 12;
  return Math.round(root * 0.92);
}

export function chartOptions(palette: ChartPalette): DeepPartial<ChartOptions> {
  return {
    autoSize: true,
    layout: {
      background: { type: ColorType.Solid, color: palette.background },
      textColor: palette.text,
      fontFamily,
      fontSize: chartFontSize(),
      attributionLogo: false,
      panes: { separatorColor: palette.border, separatorHoverColor: palette.crosshair, enableResize: true },
    },
    grid: {
      vertLines: { color: palette.grid },
      horzLines: { color: palette.grid },
    },
    crosshair: {
      mode: CrosshairMode.Normal,
      vertLine: { color: palette.crosshair, style: LineStyle.Dashed, labelBackgroundColor: palette.crosshairLabel },
      horzLine: { color: palette.crosshair, style: LineStyle.Dashed, labelBackgroundColor: palette.crosshairLabel },
    },
    rightPriceScale: { borderColor: palette.border },
    timeScale: {
      borderColor: palette.border,
      timeVisible: true,
      secondsVisible: false,
      rightOffset: 6,
      barSpacing: DEFAULT_BAR_SPACING,
      minBarSpacing: MIN_BAR_SPACING,
    },
  };
}
