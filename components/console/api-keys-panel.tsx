"use client";

import { useActionState } from "react";
import { FormMessage, SubmitButton, TextField, type FormState } from "@/components/forms";

export interface ApiKeyFormState extends FormState {
  /** The key just made: shown this once. */
  created?: { name: string; scope: "read" | "write"; key: string };
}

export interface ApiKeyRow {
  id: string;
  name: string;
  scope: "read" | "write";
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

const when = (iso: string | null) =>
  iso ? new Date(iso).toISOString().slice(0, 16).replace("T", " ") + " UTC" : "never";

function RevokeButton({
  id,
  name,
  action,
}: {
  id: string;
  name: string;
  action: (previous: FormState, form: FormData) => Promise<FormState>;
}) {
  const [state, submit, pending] = useActionState(action, {});
  return (
    <form action={submit} className="flex items-center gap-2">
      <input type="hidden" name="id" value={id} />
      <button
        disabled={pending}
        aria-label={`Revoke ${name}`}
        className="rounded-md border border-red-300 px-2 py-1 text-xs font-semibold text-red-800 hover:bg-red-50 disabled:opacity-60"
      >
        {pending ? "Revoking…" : "Revoke"}
      </button>
      <FormMessage error={state.error} />
    </form>
  );
}

/** The owner's API keys: make one (shown once), see when each was last used, revoke one. */
export function ApiKeysPanel({
  keys,
  createAction,
  revokeAction,
}: {
  keys: ApiKeyRow[];
  createAction: (previous: ApiKeyFormState, form: FormData) => Promise<ApiKeyFormState>;
  revokeAction: (previous: FormState, form: FormData) => Promise<FormState>;
}) {
  const [state, submit, pending] = useActionState(createAction, {});
  return (
    <div className="flex flex-col gap-6">
      <form action={submit} className="flex flex-col gap-4 sm:flex-row sm:items-end" aria-label="Create an API key">
        <TextField
          label="Name"
          name="name"
          required
          maxLength={100}
          invalidField={state.field}
          placeholder="Deploy script"
        />
        <label className="flex flex-col gap-1 text-sm font-medium">
          Scope
          <select name="scope" defaultValue="read" className="rounded-lg border border-slate-300 px-3 py-2 font-normal">
            <option value="read">read: look only</option>
            <option value="write">write: also refund, cancel, change</option>
          </select>
        </label>
        <SubmitButton pending={pending} pendingLabel="Creating…">
          Create key
        </SubmitButton>
      </form>
      <FormMessage error={state.error} />
      {state.created ? (
        <div role="status" className="rounded-lg border border-amber-300 bg-amber-50 p-4 text-sm">
          <p className="font-semibold">
            {state.created.name} ({state.created.scope}): copy it now, it is not shown again.
          </p>
          <code data-testid="new-api-key" className="mt-2 block break-all rounded bg-white p-2 font-mono text-xs">
            {state.created.key}
          </code>
        </div>
      ) : null}
      {keys.length === 0 ? (
        <p className="text-sm text-slate-600">
          No API keys yet. Make one for a script or for <code>cc</code> against this instance; give it the read scope
          unless it must act.
        </p>
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full text-left text-sm">
            <thead className="text-xs uppercase text-slate-600">
              <tr>
                <th className="py-2 pr-4">Name</th>
                <th className="py-2 pr-4">Scope</th>
                <th className="py-2 pr-4">Key</th>
                <th className="py-2 pr-4">Created</th>
                <th className="py-2 pr-4">Last used</th>
                <th className="py-2">
                  <span className="sr-only">State</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {keys.map((key) => (
                <tr key={key.id} data-testid="api-key-row" className="border-t border-slate-200">
                  <td className="py-2 pr-4 font-medium">{key.name}</td>
                  <td className="py-2 pr-4">{key.scope}</td>
                  <td className="py-2 pr-4 font-mono text-xs">{key.prefix}…</td>
                  <td className="py-2 pr-4">{when(key.createdAt)}</td>
                  <td className="py-2 pr-4">{when(key.lastUsedAt)}</td>
                  <td className="py-2">
                    {key.revokedAt ? (
                      <span className="text-slate-600">revoked {when(key.revokedAt)}</span>
                    ) : (
                      <RevokeButton id={key.id} name={key.name} action={revokeAction} />
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
