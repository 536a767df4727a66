// Adds a live Binance symbol (POST /api/v1/instruments). The server decides what it can stream;
// its answer — e.g. that the simulator has a fixed set of instruments — is shown as it is.
import { useState, type FormEvent } from 'react';
import { describeError } from '../../api/http.ts';
import { addInstrument } from '../../api/market-api.ts';
import type { InstrumentId } from '../../api/types.ts';

interface AddSymbolFormProps {
  onAdded(instrument: InstrumentId): Promise<void> | void;
}

const SYMBOL_PATTERN = /^([a-z-]+:)?[A-Z0-9]{2,30}$/;

export function AddSymbolForm({ onAdded }: AddSymbolFormProps) {
  const [symbol, setSymbol] = useState('');
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const id = symbol.trim();
    if (!SYMBOL_PATTERN.test(id)) {
      setError('Enter a symbol such as SOLUSDT or binance:SOLUSDT (upper case).');
      return;
    }
    setPending(true);
    setError(null);
    try {
      const added = await addInstrument(id);
      setSymbol('');
      await onAdded(added.id);
    } catch (caught) {
      setError(describeError(caught));
    } finally {
      setPending(false);
    }
  };

  return (
    <form className="field add-symbol" onSubmit={submit} aria-label="Add a live Binance symbol">
      <label className="field-label" htmlFor="add-symbol-input">
        Add Binance symbol
      </label>
      <div className="inline-form">
        <input
          id="add-symbol-input"
          className="input"
          value={symbol}
          placeholder="SOLUSDT"
          spellCheck={false}
          autoComplete="off"
          aria-invalid={error !== null}
          aria-describedby={error ? 'add-symbol-error' : undefined}
          onChange={(event) => {
            setSymbol(event.target.value.toUpperCase());
            setError(null);
          }}
        />
        <button className="button" type="submit" disabled={pending || symbol.trim() === ''}>
          {pending ? 'Adding…' : 'Add'}
        </button>
      </div>
      {error && (
        <span id="add-symbol-error" className="field-error" role="alert">
          {error}
        </span>
      )}
    </form>
  );
}
