// Alerts: waits for the alert API (issue 6).
export function AlertsView() {
  return (
    <main id="main" className="view placeholder-view">
      <p>The alert engine is not available on this server yet.</p>
    </main>
  );
}
