"use client";

import { useEffect, useState } from "react";

/** What the page's server action answers: plain data, dates as ISO strings. */
export type RevealedLicense =
  | { state: "waiting"; orderStatus: "pending" | "failed" | "expired" }
  | { state: "revealed"; key: string; expiresAt: string }
  | { state: "already_revealed" }
  | { state: "unknown" };

export interface OrderLicenseProps {
  orderId: string;
  initialStatus: "pending" | "paid" | "failed" | "expired";
  reveal: (orderId: string) => Promise<RevealedLicense>;
}

const STATUS_TEXT = {
  pending: "Waiting for the payment to be confirmed.",
  paid: "Paid. Thank you!",
  failed: "The payment did not go through. Nothing was charged.",
  expired: "This checkout expired before it was paid.",
} as const;

// Every second while a payment usually lands, then every five: one page never spends the
// order doors' per-IP limit (the key's reveal shares it), however long provisioning takes.
const POLL_MS = 1_000;
const SLOW_POLL_MS = 5_000;
const SLOW_AFTER_MS = 20_000;
const GIVE_UP_MS = 3 * 60_000;

/**
 * Waits (polling the order's status) until the payment is provisioned, then shows the license key
 * once, with a copy button. The key is never shown again: the buyer is told to keep it.
 */
export function OrderLicense({ orderId, initialStatus, reveal }: OrderLicenseProps) {
  const [status, setStatus] = useState(initialStatus);
  const [license, setLicense] = useState<RevealedLicense | null>(null);
  const [copied, setCopied] = useState(false);
  const [gaveUp, setGaveUp] = useState(false);

  useEffect(() => {
    if (status !== "pending") return;
    const started = Date.now();
    const poll = async () => {
      const response = await fetch(`/api/v1/payments/orders/${orderId}`, { cache: "no-store" }).catch(() => null);
      if (!response?.ok) return;
      const body = (await response.json()) as { status: OrderLicenseProps["initialStatus"] };
      if (body.status !== "pending") setStatus(body.status);
    };
    let timer: ReturnType<typeof setTimeout>;
    let stopped = false;
    const schedule = () => {
      if (stopped) return;
      const elapsed = Date.now() - started;
      if (elapsed > GIVE_UP_MS) return setGaveUp(true);
      timer = setTimeout(() => void poll().finally(schedule), elapsed < SLOW_AFTER_MS ? POLL_MS : SLOW_POLL_MS);
    };
    schedule();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [orderId, status]);

  useEffect(() => {
    if (status === "paid" && license === null) void reveal(orderId).then(setLicense);
  }, [orderId, status, license, reveal]);

  return (
    <>
      <p className="mt-6" data-testid="order-status" data-status={status}>
        {STATUS_TEXT[status]}
        {status === "pending" && gaveUp ? " It is taking longer than usual: reload this page in a few minutes." : ""}
      </p>
      <LicenseKey license={license} copied={copied} onCopy={setCopied} />
    </>
  );
}

function LicenseKey({
  license,
  copied,
  onCopy,
}: {
  license: RevealedLicense | null;
  copied: boolean;
  onCopy: (copied: boolean) => void;
}) {
  if (license?.state === "revealed") {
    return (
      <section className="mt-6 rounded-xl border border-emerald-200 bg-emerald-50 p-4">
        <h2 className="font-semibold">Your license key</h2>
        <p className="mt-1 text-sm text-slate-600">Shown once: keep it somewhere safe.</p>
        <div className="mt-3 flex items-center gap-2">
          <code data-testid="license-key" className="rounded bg-white px-2 py-1 font-mono text-sm">
            {license.key}
          </code>
          <button
            type="button"
            className="rounded-lg border border-slate-300 px-3 py-1 text-sm hover:bg-white"
            onClick={() => void navigator.clipboard.writeText(license.key).then(() => onCopy(true))}
          >
            {copied ? "Copied" : "Copy"}
          </button>
        </div>
        <p className="mt-2 text-sm text-slate-600">
          Valid until {new Date(license.expiresAt).toLocaleDateString("en-US", { dateStyle: "long" })}.
        </p>
      </section>
    );
  }
  if (license?.state === "already_revealed") {
    return (
      <p className="mt-6 text-slate-600" data-testid="license-shown">
        Your license key was shown when this order was paid; it is not shown again.
      </p>
    );
  }
  return null;
}
