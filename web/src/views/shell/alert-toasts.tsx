// A toast for every alert event, on whichever view is open: coloured and labelled by severity,
// announced to screen readers (assertively for critical and high), dismissable, and linking to
// the Alerts view.
import { useEffect, useState } from 'react';
import { ALERTS_CHANNEL, targetLabel } from '../../api/alert-types.ts';
import { formatSignificant } from '../../format/number-format.ts';
import { navigate } from '../../state/route-store.ts';
import { useSocket } from '../../state/socket-context.ts';
import { expireToasts, pushToast, type Toast } from '../../state/toast-queue.ts';
import { conditionText } from '../shared/alert-condition.ts';
import { SeverityBadge } from '../shared/severity-badge.tsx';
import { UtcTime } from '../shared/utc-time.tsx';

export function AlertToasts() {
  const socket = useSocket();
  const [toasts, setToasts] = useState<Toast[]>([]);

  useEffect(
    () =>
      socket.subscribe(ALERTS_CHANNEL, (_data, message) => {
        if (message.type === 'event') setToasts((current) => pushToast(current, message.data, Date.now()));
      }),
    [socket],
  );

  useEffect(() => {
    if (toasts.length === 0) return;
    const timer = window.setInterval(() => setToasts((current) => expireToasts(current, Date.now())), 1_000);
    return () => window.clearInterval(timer);
  }, [toasts.length]);

  const dismiss = (id: string) => setToasts((current) => current.filter((toast) => toast.event.id !== id));

  return (
    <section className="toast-stack" aria-label="Alert notifications">
      {toasts.map(({ event }) => {
        const urgent = event.severity === 'critical' || event.severity === 'high';
        return (
          <div
            key={event.id}
            className={`toast sev-${event.severity}`}
            role={urgent ? 'alert' : 'status'}
            data-testid="alert-toast"
            data-severity={event.severity}
          >
            <div className="toast-head">
              <SeverityBadge severity={event.severity} />
              <strong className="toast-title">{event.ruleName}</strong>
              <button
                type="button"
                className="toast-close"
                aria-label={`Dismiss alert ${event.ruleName}`}
                onClick={() => dismiss(event.id)}
              >
                ×
              </button>
            </div>
            <div className="toast-body num">
              {targetLabel(event.target)} · {event.timeframe} ·{' '}
              {conditionText(event.metric, event.operator, event.threshold)}
            </div>
            <div className="toast-foot">
              <span>
                value <span className="num strong">{formatSignificant(event.value, 6)}</span>
              </span>
              <UtcTime ms={event.firedAt} format="clock" suffix />
              <button
                type="button"
                className="link-button"
                onClick={() => {
                  navigate('alerts');
                  dismiss(event.id);
                }}
              >
                History
              </button>
            </div>
          </div>
        );
      })}
    </section>
  );
}
