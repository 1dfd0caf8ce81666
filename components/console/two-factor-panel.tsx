"use client";

import { useActionState } from "react";
import { FormMessage, SubmitButton, TextField, type FormState } from "@/components/forms";

export interface TwoFactorFormState extends FormState {
  /** Given once, when two-factor is turned on. */
  recoveryCodes?: string[];
}

type Action = (previous: TwoFactorFormState, form: FormData) => Promise<TwoFactorFormState>;

export interface TwoFactorPanelProps {
  enabled: boolean;
  recoveryCodesLeft: number;
  /** The secret offered and its QR code (SVG markup drawn on the server), while enrolling. */
  enrolment: { secret: string; qrSvg: string } | null;
  startAction: Action;
  confirmAction: Action;
  disableAction: Action;
}

/** Two-factor: off (turn on), enrolling (scan, confirm with a code), on (recovery codes, turn off). */
export function TwoFactorPanel({
  enabled,
  recoveryCodesLeft,
  enrolment,
  startAction,
  confirmAction,
  disableAction,
}: TwoFactorPanelProps) {
  const [started, start, starting] = useActionState(startAction, {});
  const [confirmed, confirm, confirming] = useActionState(confirmAction, {});
  const [disabled, disable, disabling] = useActionState(disableAction, {});

  if (confirmed.recoveryCodes && enabled) {
    return (
      <div role="status" className="rounded-lg border border-amber-300 bg-amber-50 p-4 text-sm">
        <p className="font-semibold">
          Two-factor is on. Keep these recovery codes somewhere safe: each works once, and they are not shown again.
        </p>
        <ul data-testid="recovery-codes" className="mt-3 grid grid-cols-2 gap-2 font-mono">
          {confirmed.recoveryCodes.map((code) => (
            <li key={code}>{code}</li>
          ))}
        </ul>
      </div>
    );
  }
  if (enabled) {
    return (
      <div className="flex flex-col gap-4">
        <p data-testid="two-factor-state" className="text-sm">
          Two-factor is <strong>on</strong>. {recoveryCodesLeft} recovery codes left.
        </p>
        <form action={disable} className="flex max-w-sm flex-col gap-4" aria-label="Turn two-factor off">
          <TextField
            label="Password"
            name="password"
            type="password"
            autoComplete="current-password"
            required
            invalidField={disabled.field}
          />
          <FormMessage error={disabled.error} testId="two-factor-error" />
          <SubmitButton pending={disabling} pendingLabel="Turning off…" tone="danger">
            Turn two-factor off
          </SubmitButton>
        </form>
      </div>
    );
  }
  if (enrolment) {
    return (
      <div className="flex flex-col gap-4">
        <p className="text-sm">
          Scan this code with an authenticator app (1Password, Google Authenticator, Aegis…), then enter the 6 digits it
          shows.
        </p>
        {/* The SVG is drawn by the qrcode library on the server from our own otpauth URI. */}
        <div
          className="h-48 w-48 bg-white p-2"
          role="img"
          aria-label="QR code to scan"
          dangerouslySetInnerHTML={{ __html: enrolment.qrSvg }}
        />
        <p className="text-xs text-slate-600">
          Or type this key:{" "}
          <code data-testid="totp-secret" className="break-all font-mono">
            {enrolment.secret}
          </code>
        </p>
        <form action={confirm} className="flex max-w-sm flex-col gap-4" aria-label="Confirm two-factor">
          <TextField
            label="Code from the app"
            name="code"
            inputMode="numeric"
            autoComplete="one-time-code"
            required
            invalidField={confirmed.field}
          />
          <FormMessage error={confirmed.error} testId="two-factor-error" />
          <SubmitButton pending={confirming} pendingLabel="Checking…">
            Turn two-factor on
          </SubmitButton>
        </form>
      </div>
    );
  }
  return (
    <div className="flex flex-col gap-4">
      <p data-testid="two-factor-state" className="text-sm">
        Two-factor is <strong>off</strong>. Recommended: with it on, a stolen password alone does not open the console.
      </p>
      <FormMessage notice={disabled.notice} />
      <form action={start}>
        <SubmitButton pending={starting} pendingLabel="Preparing…">
          Set up two-factor
        </SubmitButton>
      </form>
      <FormMessage error={started.error} testId="two-factor-error" />
    </div>
  );
}
