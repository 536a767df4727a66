// Upload of an OHLCV CSV into an instrument, in two steps: "Validate" sends the file with
// dryRun=true and shows the refused rows by line before anything is stored; "Import" stores it,
// offered only for the settings just validated, with the upload and the server's parsing as progress.
import { useEffect, useState } from 'react';
import { importProblems, uploadImport } from '../../api/data-api.ts';
import type { CsvProblem, ImportRecord, OnDuplicate } from '../../api/data-types.ts';
import { describeError } from '../../api/http.ts';
import { TIMEFRAMES, type Timeframe } from '../../api/types.ts';
import { formatBytes, formatInteger } from '../../format/number-format.ts';
import {
  guessMapping,
  instrumentFromFileName,
  keptMapping,
  parseCsvPreview,
  type CsvPreview,
} from '../../state/csv-preview.ts';
import { draftKey, draftProblems, draftRequest, type ImportDraft } from '../../state/import-draft.ts';
import { routeUrl } from '../../state/route.ts';
import { navigate } from '../../state/route-store.ts';
import { useImportProgress } from '../../state/use-import-progress.ts';
import { FormField } from '../alerts/form-field.tsx';
import { UtcTime } from '../shared/utc-time.tsx';
import { FileDrop } from './file-drop.tsx';
import { ImportProblems } from './import-problems.tsx';
import { MappingPreview } from './mapping-preview.tsx';

/** Enough of the file for the header and the preview rows, however large the file. */
const PREVIEW_BYTES = 64 * 1024;
const PREVIEW_ROWS = 8;

type Step =
  | { phase: 'editing' }
  | { phase: 'validating' | 'importing'; key: string }
  | { phase: 'validated'; key: string; result: ImportRecord }
  | { phase: 'failed'; key: string; message: string; problems: CsvProblem[]; dryRun: boolean }
  | { phase: 'imported'; result: ImportRecord };

const EMPTY_DRAFT: ImportDraft = {
  file: null,
  instrument: '',
  timeframe: '',
  timeFormat: '',
  delimiter: ',',
  onDuplicate: 'error',
  mapping: null,
};

export function ImportForm({ onImported }: { onImported(result: ImportRecord): void }) {
  const [draft, setDraft] = useState<ImportDraft>(EMPTY_DRAFT);
  const [head, setHead] = useState('');
  const [preview, setPreview] = useState<CsvPreview | null>(null);
  const [readError, setReadError] = useState<string | null>(null);
  const [step, setStep] = useState<Step>({ phase: 'editing' });
  const [sent, setSent] = useState<{ bytes: number; total: number } | null>(null);
  const busy = step.phase === 'validating' || step.phase === 'importing';
  const progress = useImportProgress(step.phase === 'importing' ? draft.instrument.trim() : null);
  const key = draftKey(draft);
  const problems = draftProblems(draft);

  // A changed setting makes the last check stale: Import waits for a new one.
  useEffect(() => {
    setStep((current) => ('key' in current && current.key !== key && !busy ? { phase: 'editing' } : current));
  }, [key, busy]);

  const chooseFile = (file: File) => {
    setReadError(null);
    setStep({ phase: 'editing' });
    file
      .slice(0, PREVIEW_BYTES)
      .text()
      .then((text) => {
        const parsed = parseCsvPreview(text, PREVIEW_ROWS);
        if (parsed.header.length === 0) throw new Error('the file has no header line');
        setHead(text);
        setPreview(parsed);
        setDraft((current) => ({
          ...current,
          file,
          instrument: current.instrument || instrumentFromFileName(file.name),
          delimiter: parsed.delimiter,
          mapping: keptMapping(current.mapping, parsed.header) ?? guessMapping(parsed.header),
        }));
      })
      .catch((error: unknown) => {
        setPreview(null);
        setDraft((current) => ({ ...current, file: null, mapping: null }));
        setReadError(`Could not read ${file.name}: ${describeError(error)}`);
      });
  };

  const changeDelimiter = (delimiter: ImportDraft['delimiter']) => {
    const parsed = parseCsvPreview(head, PREVIEW_ROWS, delimiter);
    setPreview(parsed);
    setDraft((current) => ({ ...current, delimiter, mapping: guessMapping(parsed.header) }));
  };

  const send = (dryRun: boolean) => {
    if (!draft.file || problems.length > 0) return;
    const request = draftRequest({ ...draft, file: draft.file }, dryRun);
    setStep({ phase: dryRun ? 'validating' : 'importing', key });
    setSent(null);
    uploadImport(request, (bytes, total) => setSent({ bytes, total }))
      .then((result) => {
        if (dryRun) {
          setStep({ phase: 'validated', key, result });
        } else {
          setStep({ phase: 'imported', result });
          onImported(result);
        }
      })
      .catch((error: unknown) =>
        setStep({ phase: 'failed', key, message: describeError(error), problems: importProblems(error), dryRun }),
      );
  };

  const reset = () => {
    setDraft(EMPTY_DRAFT);
    setPreview(null);
    setHead('');
    setStep({ phase: 'editing' });
  };

  return (
    <div className="import-form">
      <FileDrop file={draft.file} onFile={chooseFile} disabled={busy} />
      {readError && (
        <p className="form-error" role="alert">
          {readError}
        </p>
      )}
      {preview && draft.mapping && (
        <>
          <div className="form-grid import-settings">
            <FormField label="Instrument" hint="venue:SYMBOL, e.g. csv:MYDATA">
              <input
                className="input wide"
                value={draft.instrument}
                disabled={busy}
                onChange={(event) => setDraft({ ...draft, instrument: event.target.value })}
              />
            </FormField>
            <FormField label="Timeframe">
              <select
                className="select"
                value={draft.timeframe}
                disabled={busy}
                onChange={(event) => setDraft({ ...draft, timeframe: event.target.value as Timeframe | '' })}
              >
                <option value="">From the spacing</option>
                {TIMEFRAMES.map((timeframe) => (
                  <option key={timeframe} value={timeframe}>
                    {timeframe}
                  </option>
                ))}
              </select>
            </FormField>
            <FormField label="Delimiter">
              <select
                className="select"
                value={draft.delimiter}
                disabled={busy}
                onChange={(event) => changeDelimiter(event.target.value as ImportDraft['delimiter'])}
              >
                <option value=",">Comma ,</option>
                <option value=";">Semicolon ;</option>
                <option value={'\t'}>Tab</option>
              </select>
            </FormField>
            <FormField label="Time format" hint="optional, e.g. DD/MM/YYYY HH:mm or epoch-ms">
              <input
                className="input"
                value={draft.timeFormat}
                disabled={busy}
                placeholder="automatic"
                onChange={(event) => setDraft({ ...draft, timeFormat: event.target.value })}
              />
            </FormField>
            <FormField label="Duplicate times">
              <select
                className="select"
                value={draft.onDuplicate}
                disabled={busy}
                onChange={(event) => setDraft({ ...draft, onDuplicate: event.target.value as OnDuplicate })}
              >
                <option value="error">Refuse the file</option>
                <option value="first">Keep the first</option>
                <option value="last">Keep the last</option>
              </select>
            </FormField>
          </div>
          <MappingPreview
            preview={preview}
            mapping={draft.mapping}
            disabled={busy}
            onChange={(field, column) => setDraft({ ...draft, mapping: { ...draft.mapping!, [field]: column } })}
          />
        </>
      )}
      {draft.file && problems.length > 0 && (
        <ul className="form-notice draft-problems" aria-label="Before validating">
          {problems.map((problem) => (
            <li key={problem}>{problem}</li>
          ))}
        </ul>
      )}
      <div className="form-actions">
        <button
          type="button"
          className="button"
          disabled={busy || !draft.file || problems.length > 0}
          onClick={() => send(true)}
        >
          {step.phase === 'validating' ? 'Validating…' : 'Validate'}
        </button>
        <button
          type="button"
          className="button primary"
          disabled={step.phase !== 'validated'}
          title={step.phase === 'validated' ? undefined : 'Validate the file first; nothing is stored until Import'}
          onClick={() => send(false)}
        >
          {step.phase === 'importing' ? 'Importing…' : 'Import'}
        </button>
        {(draft.file || step.phase === 'imported') && (
          <button type="button" className="button" disabled={busy} onClick={reset}>
            Clear
          </button>
        )}
      </div>
      {busy && (
        <ImportProgressBar
          sent={sent}
          rows={progress?.rows ?? null}
          writing={progress?.state === 'writing'}
          label={step.phase === 'validating' ? 'Validation' : 'Import'}
        />
      )}
      {step.phase === 'validated' && (
        <p className="form-notice ok" role="status">
          Valid: {formatInteger(step.result.rows)} rows of {step.result.timeframe} bars
          {step.result.first !== null && step.result.last !== null && (
            <>
              {' '}
              from <UtcTime ms={step.result.first} /> to <UtcTime ms={step.result.last} /> UTC
            </>
          )}
          . Nothing is stored until you import.
        </p>
      )}
      {step.phase === 'failed' && (
        <ImportProblems
          problems={step.problems}
          message={`${step.dryRun ? 'Validation failed' : 'Import failed, nothing was stored'}: ${step.message}`}
        />
      )}
      {step.phase === 'imported' && (
        <p className="form-notice ok" role="status">
          Imported {formatInteger(step.result.rows)} {step.result.timeframe} bars into {step.result.instrument}.{' '}
          <OpenInLive instrument={step.result.instrument} timeframe={step.result.timeframe} />
        </p>
      )}
    </div>
  );
}

function ImportProgressBar({
  sent,
  rows,
  writing,
  label,
}: {
  sent: { bytes: number; total: number } | null;
  rows: number | null;
  /** The whole file was read clean and the bars are being stored. */
  writing: boolean;
  label: string;
}) {
  const uploaded = sent !== null && sent.bytes >= sent.total;
  return (
    <div className="import-progress" role="status">
      <progress
        aria-label={`${label} progress`}
        max={sent?.total ?? 1}
        value={sent && !uploaded ? sent.bytes : undefined}
      />
      <span className="muted num">
        {sent === null
          ? 'Starting…'
          : uploaded
            ? `Uploaded ${formatBytes(sent.total)}; ${writing ? 'storing the bars' : 'the server is checking the rows'}`
            : `Uploaded ${formatBytes(sent.bytes)} of ${formatBytes(sent.total)}`}
        {rows !== null && ` · ${formatInteger(rows)} rows read`}
      </span>
    </div>
  );
}

/** A real link (open in a new tab works) that moves within the page on a plain click. */
function OpenInLive({ instrument, timeframe }: { instrument: string; timeframe: Timeframe | null }) {
  // Without a timeframe (only a failed import has none) the Live view takes its default.
  const params: Record<string, string> = timeframe ? { instrument, timeframe } : { instrument };
  return (
    <a
      href={routeUrl({ view: 'live', params })}
      onClick={(event) => {
        if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
        event.preventDefault();
        navigate('live', params);
      }}
    >
      Open {instrument} in the Live view
    </a>
  );
}
