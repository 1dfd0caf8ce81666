import type { ReactNode } from "react";

/** The form's one primary button: disabled, with its own wording, while the answer is awaited. */
export function SubmitButton({
  pending,
  pendingLabel,
  children,
  tone = "primary",
}: {
  pending: boolean;
  pendingLabel: string;
  children: ReactNode;
  tone?: "primary" | "danger" | "quiet";
}) {
  const tones = {
    primary: "bg-indigo-600 text-white hover:bg-indigo-700",
    danger: "bg-red-700 text-white hover:bg-red-800",
    quiet: "border border-slate-300 bg-white text-slate-800 hover:bg-slate-100",
  };
  return (
    <button
      disabled={pending}
      className={`rounded-lg px-4 py-2 text-sm font-semibold disabled:opacity-60 ${tones[tone]}`}
    >
      {pending ? pendingLabel : children}
    </button>
  );
}
