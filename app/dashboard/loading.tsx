/** Shown while a console page loads its data. */
export default function ConsoleLoading() {
  return (
    <p role="status" className="text-slate-600">
      Loading…
    </p>
  );
}
