// The import form's settings before they are sent: what still keeps them from being checked, the
// request they make, and a key that changes with any of them, so an "Import" is only offered for
// exactly the settings the server has just validated.
import type { ImportRequest, OnDuplicate } from '../api/data-types.ts';
import type { Timeframe } from '../api/types.ts';
import { columnsUsedTwice, mappingParam, missingFields, type ColumnMapping, type Delimiter } from './csv-preview.ts';

export interface ImportDraft {
  file: File | null;
  instrument: string;
  /** '' lets the server infer it from the spacing of the timestamps. */
  timeframe: Timeframe | '';
  timeFormat: string;
  delimiter: Delimiter;
  onDuplicate: OnDuplicate;
  mapping: ColumnMapping | null;
}

const INSTRUMENT_PATTERN = /^[a-z][a-z0-9-]*:[A-Za-z0-9]{2,30}$/;

/** Why the draft cannot be sent yet, in words for the form; empty when it can. */
export function draftProblems(draft: ImportDraft): string[] {
  const problems: string[] = [];
  if (!draft.file) problems.push('Choose a CSV file.');
  if (!INSTRUMENT_PATTERN.test(draft.instrument.trim()))
    problems.push(`Instrument "${draft.instrument}" is not venue:SYMBOL (symbol of 2-30 letters or digits).`);
  if (draft.mapping) {
    const missing = missingFields(draft.mapping);
    if (missing.length > 0) problems.push(`Choose the column for ${missing.join(', ')}.`);
    const twice = columnsUsedTwice(draft.mapping);
    if (twice.length > 0) problems.push(`Column ${twice.join(', ')} is mapped to more than one field.`);
  }
  return problems;
}

export function draftRequest(draft: ImportDraft & { file: File }, dryRun: boolean): ImportRequest {
  return {
    file: draft.file,
    instrument: draft.instrument.trim(),
    timeframe: draft.timeframe || undefined,
    map: draft.mapping ? mappingParam(draft.mapping) : undefined,
    timeFormat: draft.timeFormat.trim() || undefined,
    delimiter: draft.delimiter,
    onDuplicate: draft.onDuplicate === 'error' ? undefined : draft.onDuplicate,
    dryRun,
  };
}

/** Equal for two drafts exactly when they would send the same file with the same settings. */
export function draftKey(draft: ImportDraft): string {
  const { file, mapping, ...settings } = draft;
  const fileId = file ? [file.name, file.size, file.lastModified] : null;
  return JSON.stringify([fileId, settings, mapping ? mappingParam(mapping) : null]);
}
