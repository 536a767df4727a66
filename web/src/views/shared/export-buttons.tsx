// Download buttons for the bars of a range, as CSV or Parquet. The range is asked for when a
// button is pressed, so a chart's buttons export what is on screen at that moment.
import { barsExportUrl, type BarsExport, type ExportFormat } from '../../api/data-api.ts';

const FORMATS: ReadonlyArray<{ format: ExportFormat; label: string }> = [
  { format: 'csv', label: 'CSV' },
  { format: 'parquet', label: 'Parquet' },
];

interface ExportButtonsProps {
  /** The bars to export, without the format; null disables the buttons (nothing stored yet). */
  range(): Omit<BarsExport, 'format'> | null;
  disabled?: boolean;
  /** Says where the range comes from, e.g. "the bars in view". */
  what: string;
}

function download(request: BarsExport): void {
  const link = document.createElement('a');
  link.href = barsExportUrl(request);
  // Empty: the file takes the name the server gives it (table, instrument and range).
  link.download = '';
  document.body.append(link);
  link.click();
  link.remove();
}

export function ExportButtons({ range, disabled, what }: ExportButtonsProps) {
  return (
    <div className="export-buttons" role="group" aria-label={`Export ${what}`}>
      <span className="field-label">Export</span>
      {FORMATS.map(({ format, label }) => (
        <button
          key={format}
          type="button"
          className="button small"
          disabled={disabled}
          title={`Download ${what} as ${label}`}
          onClick={() => {
            const request = range();
            if (request) download({ ...request, format });
          }}
        >
          {label}
        </button>
      ))}
    </div>
  );
}
