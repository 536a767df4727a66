// The first rows of the chosen file as the server will read them: one select per bar field
// naming its column, and the table of rows with each column headed by the fields it feeds.
import {
  BAR_FIELDS,
  REQUIRED_FIELDS,
  type BarField,
  type ColumnMapping,
  type CsvPreview,
} from '../../state/csv-preview.ts';

export const FIELD_LABELS: Readonly<Record<BarField, string>> = {
  time: 'time',
  open: 'open',
  high: 'high',
  low: 'low',
  close: 'close',
  volume: 'volume',
  trades: 'trades',
  quote_volume: 'quote volume',
  taker_buy_volume: 'taker buy volume',
};

interface MappingPreviewProps {
  preview: CsvPreview;
  mapping: ColumnMapping;
  onChange(field: BarField, column: string | null): void;
  disabled?: boolean;
}

export function MappingPreview({ preview, mapping, onChange, disabled }: MappingPreviewProps) {
  const fieldsOf = (column: string) => BAR_FIELDS.filter((field) => mapping[field] === column);
  return (
    <div className="mapping-preview">
      <fieldset className="mapping-fields" disabled={disabled}>
        <legend className="field-label">Columns</legend>
        {BAR_FIELDS.map((field) => {
          const required = REQUIRED_FIELDS.includes(field);
          const missing = required && mapping[field] === null;
          return (
            <label key={field} className="field mapping-field">
              <span className="field-label">
                {FIELD_LABELS[field]}
                {required ? '' : ' (optional)'}
              </span>
              <select
                className="select"
                aria-label={`Column for ${FIELD_LABELS[field]}`}
                aria-invalid={missing}
                value={mapping[field] ?? ''}
                onChange={(event) => onChange(field, event.target.value || null)}
              >
                <option value="">{required ? 'Choose a column' : 'None'}</option>
                {preview.header.map((column) => (
                  <option key={column} value={column}>
                    {column}
                  </option>
                ))}
              </select>
            </label>
          );
        })}
      </fieldset>
      <div className="table-scroll">
        <table className="data-table compact" aria-label="File preview">
          <thead>
            <tr>
              <th scope="col" className="right">
                Line
              </th>
              {preview.header.map((column) => (
                <th key={column} scope="col">
                  {column}
                  <span className="mapped-fields">
                    {fieldsOf(column)
                      .map((field) => `→ ${FIELD_LABELS[field]}`)
                      .join(' ') || 'not used'}
                  </span>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {preview.rows.map((row, index) => (
              // Preview rows never change order: the line number is the row's identity.
              // biome-ignore lint/suspicious/noArrayIndexKey: see above
              <tr key={index}>
                <td className="right num muted">{index + 2}</td>
                {preview.header.map((column, cell) => (
                  <td key={column} className={`num ${fieldsOf(column).length === 0 ? 'muted' : ''}`}>
                    {row[cell] ?? ''}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
