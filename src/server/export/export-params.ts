// Query parameters shared by every route that can answer with a file: `format` (an enum, so a wrong
// value is a 400 that lists the allowed ones) and `tz` (an IANA zone for the readable time column).
import { Type } from 'typebox';
import { EXPORT_FORMATS } from './table-export.js';

export const ExportFormatParam = Type.Enum([...EXPORT_FORMATS], {
  default: 'json',
  description: 'json, or a csv / parquet download (content-disposition names the file)',
});

export const TzParam = Type.String({
  minLength: 1,
  maxLength: 64,
  description:
    'IANA time zone (e.g. Europe/Berlin, UTC): csv and parquet get a `time` column with the local ISO 8601 time ' +
    'and its offset, right after the epoch-ms column',
});
