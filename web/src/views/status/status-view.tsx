export function StatusView() {
  return <main id="main" className="view">status</main>;
}
