"use client";

// A console page that failed to render: the details are in the server log under the digest.
export default function ConsoleError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div role="alert" className="rounded-xl border border-red-200 bg-white p-8">
      <h1 className="text-xl font-bold">This page could not be loaded</h1>
      <p className="mt-2 text-slate-700">
        Nothing was changed. Try again; if it keeps failing, the server log has the reason.
      </p>
      {error.digest ? <p className="mt-2 text-xs text-slate-600">Reference: {error.digest}</p> : null}
      <button
        type="button"
        onClick={reset}
        className="mt-4 rounded-lg bg-indigo-600 px-4 py-2 text-sm font-semibold text-white hover:bg-indigo-700"
      >
        Try again
      </button>
    </div>
  );
}
