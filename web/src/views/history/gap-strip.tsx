// The stored range of one instrument and timeframe as a bar: covered in the up colour, each gap
// in the down colour at its place in time (at least a few pixels wide), each with its times on
// hover and in the accessible description.
import type { CoverageGap } from '../../api/data-types.ts';
import { formatUtcDateTime } from '../../format/time-format.ts';
import { gapSegments, type StripSegment } from '../../state/coverage-strip.ts';

interface GapStripProps {
  /** Epoch ms, [from, to). */
  from: number;
  to: number;
  gaps: readonly CoverageGap[];
  /** Gaps the store has in all, when only some of them came with the answer. */
  gapCount: number;
}

const MIN_GAP_WIDTH = 0.004;

/**
 * A gap the exchange itself has no data for: nothing can fill it, so it is drawn apart. Gaps that
 * overlap once widened are merged on the strip, and such a segment is grey only if all of it is.
 */
function unfillable(gap: StripSegment['gap']): boolean {
  return gap.missingBars !== undefined && gap.missingBars > 0 && gap.noDataBars === gap.missingBars;
}

export function GapStrip({ from, to, gaps, gapCount }: GapStripProps) {
  const segments = gapSegments(from, to, gaps, MIN_GAP_WIDTH);
  const label =
    gapCount === 0
      ? `Stored from ${formatUtcDateTime(from, false)} to ${formatUtcDateTime(to, false)} UTC without a gap`
      : `Stored from ${formatUtcDateTime(from, false)} to ${formatUtcDateTime(to, false)} UTC with ${gapCount} gap${
          gapCount === 1 ? '' : 's'
        }`;
  return (
    <figure className="gap-strip" data-testid="gap-strip" data-gaps={gapCount}>
      <svg viewBox="0 0 1000 24" preserveAspectRatio="none" role="img" aria-label={label}>
        <rect className="strip-covered" x={0} y={0} width={1000} height={24} />
        {segments.map((segment) => (
          <rect
            key={segment.gap.from}
            className={`strip-gap ${unfillable(segment.gap) ? 'no-data' : ''}`}
            x={segment.x * 1000}
            y={0}
            width={segment.width * 1000}
            height={24}
          >
            <title>
              Gap {formatUtcDateTime(segment.gap.from)} – {formatUtcDateTime(segment.gap.to)} UTC
              {unfillable(segment.gap) ? ': the exchange has no data for it' : ''}
            </title>
          </rect>
        ))}
      </svg>
      <figcaption className="strip-axis num">
        <span>{formatUtcDateTime(from, false)}</span>
        <span>{formatUtcDateTime(to, false)} UTC</span>
      </figcaption>
    </figure>
  );
}
