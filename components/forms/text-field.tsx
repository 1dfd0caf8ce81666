import type { InputHTMLAttributes } from "react";

export interface TextFieldProps extends InputHTMLAttributes<HTMLInputElement> {
  label: string;
  name: string;
  /** The field the last answer named as wrong: marked for the eye and for screen readers. */
  invalidField?: string;
  hint?: string;
}

/** A labelled input; one look for every console and sign-in form. */
export function TextField({ label, name, invalidField, hint, className, ...input }: TextFieldProps) {
  const hintId = hint ? `${name}-hint` : undefined;
  // The hint sits outside the label: it describes the field without becoming part of its name.
  return (
    <div className="flex flex-col gap-1">
      <label className="flex flex-col gap-1 text-sm font-medium">
        {label}
        <input
          name={name}
          aria-invalid={invalidField === name || undefined}
          aria-describedby={hintId}
          className={`rounded-lg border border-slate-300 px-3 py-2 font-normal aria-invalid:border-red-600 ${className ?? ""}`}
          {...input}
        />
      </label>
      {hint ? (
        <span id={hintId} className="text-xs text-slate-600">
          {hint}
        </span>
      ) : null}
    </div>
  );
}
