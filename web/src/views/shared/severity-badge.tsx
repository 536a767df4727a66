// Alert severity as colour, shape and word together, so it reads without colour.
import type { Severity } from '../../api/alert-types.ts';

const ICONS: Record<Severity, string> = { critical: '◆', high: '▲', medium: '●', low: '○' };

export function SeverityBadge({ severity }: { severity: Severity }) {
  return (
    <span className={`severity-badge sev-${severity}`}>
      <span aria-hidden="true">{ICONS[severity]}</span> {severity.toUpperCase()}
    </span>
  );
}
