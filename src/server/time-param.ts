// Time parameters of the API: epoch milliseconds or ISO 8601, turned into epoch ms by the validator
// (the `x-time` keyword of validation.ts) so that the routes only ever see numbers.
import { Type } from 'typebox';

/** Year 275760, the largest time a JavaScript Date holds. */
export const MAX_EPOCH_MS = 8.64e15;

/** The Ajv keyword that parses and replaces a time parameter; its `x-` prefix keeps it a legal OpenAPI extension. */
export const TIME_KEYWORD = 'x-time';

export const TIME_FORMS =
  'epoch milliseconds (e.g. 1704067200000) or ISO 8601 ' +
  '(e.g. 2024-01-01, 2024-01-01T12:00:00Z, 2024-01-01T14:00:00+02:00)';

// Date, optional time (minutes, seconds, fractions), optional offset. The offset sign may arrive as
// a space: an unencoded `+` in a query string decodes to one.
const ISO_8601 =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(Z|z|[+\- ]\d{2}(?::?\d{2})?)?)?$/;

/** Epoch ms of `text` (digits, or ISO 8601 where no offset means UTC); null when it is neither. */
export function parseTimeParam(text: string): number | null {
  const trimmed = text.trim();
  if (/^\d{1,16}$/.test(trimmed)) {
    const ms = Number(trimmed);
    return ms <= MAX_EPOCH_MS ? ms : null;
  }
  const match = ISO_8601.exec(trimmed);
  if (match === null) return null;
  const [, year, month, day, hour = '0', minute = '0', second = '0', fraction = '', offset = 'Z'] = match;
  const [y, mo, d, h, mi, s] = [year, month, day, hour, minute, second].map(Number);
  if (mo < 1 || mo > 12 || h > 23 || mi > 59 || s > 59) return null;
  const offsetMin = offsetMinutes(offset);
  if (offsetMin === null) return null;
  // Sub-millisecond digits are cut: the API's times are whole milliseconds.
  const local = Date.UTC(y, mo - 1, d, h, mi, s) + Number(fraction.padEnd(3, '0').slice(0, 3));
  // Date.UTC rolls 2024-02-30 over into March; a date that does not round-trip does not exist.
  if (new Date(Date.UTC(y, mo - 1, d)).getUTCDate() !== d) return null;
  const ms = local - offsetMin * 60_000;
  return ms >= 0 && ms <= MAX_EPOCH_MS ? ms : null;
}

function offsetMinutes(offset: string): number | null {
  if (offset === 'Z' || offset === 'z') return 0;
  const sign = offset[0] === '-' ? -1 : 1;
  const digits = offset.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = digits.length > 2 ? Number(digits.slice(2)) : 0;
  if (hours > 23 || minutes > 59) return null;
  return sign * (hours * 60 + minutes);
}

/**
 * A time parameter: documented as an integer or a string, validated and converted to epoch ms by
 * the `x-time` keyword, typed as a number for the route.
 */
export const TimeParam = (description: string) =>
  Type.Unsafe<number>({
    [TIME_KEYWORD]: true,
    description: `${description}: ${TIME_FORMS}`,
    anyOf: [
      { type: 'integer', minimum: 0, maximum: MAX_EPOCH_MS, description: 'epoch milliseconds UTC' },
      { type: 'string', description: 'ISO 8601 date or date-time; without an offset, UTC' },
    ],
  });
