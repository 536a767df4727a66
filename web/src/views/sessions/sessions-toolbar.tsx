// What the Sessions view shows: instrument, session profile and range (all, the last 30/90/365
// sessions, or custom UTC dates), each written to the address bar.
import type { SessionProfile } from '../../api/sessions-api.ts';
import type { Instrument } from '../../api/types.ts';
import { SESSION_RANGE_LABELS, SESSION_RANGES, type SessionSelection } from '../../state/session-range.ts';
import { updateParams } from '../../state/route-store.ts';
import { SegmentedControl } from '../shared/segmented-control.tsx';
import { InstrumentPicker } from '../live/instrument-picker.tsx';

interface SessionsToolbarProps {
  instruments: readonly Instrument[] | null;
  profiles: readonly SessionProfile[] | null;
  selection: SessionSelection;
}

function profileText(profile: SessionProfile): string {
  return `${profile.name} · ${profile.tz} ${profile.sessionStart} · IB ${profile.ibMinutes}m`;
}

export function SessionsToolbar({ instruments, profiles, selection }: SessionsToolbarProps) {
  return (
    <div className="toolbar sessions-toolbar">
      <InstrumentPicker
        label="Instrument"
        instruments={instruments}
        value={selection.instrument}
        onChange={(instrument) => updateParams({ instrument, session: null })}
      />
      <label className="field">
        <span className="field-label">Profile</span>
        <select
          className="select"
          aria-label="Profile"
          value={selection.profile}
          disabled={profiles === null}
          onChange={(event) => updateParams({ profile: event.target.value, session: null })}
        >
          {profiles === null && <option value={selection.profile}>{selection.profile}</option>}
          {profiles?.map((profile) => (
            <option key={profile.name} value={profile.name} title={profile.description}>
              {profileText(profile)}
            </option>
          ))}
        </select>
      </label>
      <SegmentedControl
        label="Range"
        options={SESSION_RANGES}
        value={selection.range}
        format={(range) => SESSION_RANGE_LABELS[range]}
        optionLabel={(range) =>
          range === 'all' || range === 'custom' ? SESSION_RANGE_LABELS[range] : `Last ${range} sessions`
        }
        onChange={(range) => updateParams({ range, session: null })}
      />
      {selection.range === 'custom' && (
        <>
          <label className="field">
            <span className="field-label">From (UTC)</span>
            <input
              className="input"
              type="date"
              aria-label="From date"
              value={selection.from ?? ''}
              onChange={(event) => updateParams({ from: event.target.value || null, session: null })}
            />
          </label>
          <label className="field">
            <span className="field-label">To (UTC, excluded)</span>
            <input
              className="input"
              type="date"
              aria-label="To date"
              value={selection.to ?? ''}
              onChange={(event) => updateParams({ to: event.target.value || null, session: null })}
            />
          </label>
        </>
      )}
    </div>
  );
}
