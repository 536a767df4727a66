// Colours and fonts shared by the charts and the CSS (keep in sync with styles/theme.css).
import { ColorType, CrosshairMode, LineStyle, type DeepPartial, type ChartOptions } from 'lightweight-charts';

export const palette = {
  background: '#0b0e14',
  panel: '#11151d',
  grid: 'rgba(138, 150, 170, 0.07)',
  border: '#232a36',
  text: '#8a96aa',
  up: '#26a69a',
  down: '#ef5350',
  upVolume: 'rgba(38, 166, 154, 0.45)',
  downVolume: 'rgba(239, 83, 80, 0.45)',
  crosshair: 'rgba(200, 210, 225, 0.35)',
  crosshairLabel: '#2a3140',
  simulated: 'rgba(255, 176, 32, 0.16)',
  symbolWatermark: 'rgba(138, 150, 170, 0.07)',
} as const;

export const fontFamily =
  "'Inter', 'SF Pro Text', -apple-system, BlinkMacSystemFont, 'Segoe UI', Roboto, Ubuntu, sans-serif";

export const DEFAULT_BAR_SPACING = 7;

export const baseChartOptions: DeepPartial<ChartOptions> = {
  autoSize: true,
  layout: {
    background: { type: ColorType.Solid, color: palette.background },
    textColor: palette.text,
    fontFamily,
    fontSize: 11,
    attributionLogo: true,
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
  rightPriceScale: {
    borderColor: palette.border,
    scaleMargins: { top: 0.08, bottom: 0.26 },
  },
  timeScale: {
    borderColor: palette.border,
    timeVisible: true,
    secondsVisible: false,
    rightOffset: 6,
    barSpacing: DEFAULT_BAR_SPACING,
    minBarSpacing: 1,
    maxBarSpacing: 16,
  },
};
