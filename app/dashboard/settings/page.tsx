import QRCode from "qrcode";
import {
  changePassword,
  confirmTwoFactorAction,
  createApiKeyAction,
  disableTwoFactorAction,
  revokeApiKeyAction,
  signOutEverywhere,
  startTwoFactor,
} from "@/app/dashboard/actions";
import { requireOwnerPage } from "@/app/door";
import { ApiKeysPanel, ChangePasswordForm, TwoFactorPanel } from "@/components/console";
import { countRecoveryCodes, findTwoFactorEnrolment, listApiKeys } from "@/services/auth";
import { getDb } from "@/services/setup";

export const metadata = { title: "Settings" };

function Section({ id, title, children }: { id: string; title: string; children: React.ReactNode }) {
  return (
    <section aria-labelledby={id} className="rounded-xl border border-slate-200 bg-white p-6">
      <h2 id={id} className="mb-4 text-lg font-semibold">
        {title}
      </h2>
      {children}
    </section>
  );
}

/** The owner's account: password and sessions, two-factor, API keys. */
export default async function SettingsPage() {
  const owner = await requireOwnerPage("/dashboard/settings");
  const db = getDb();
  const [enrolment, recoveryCodesLeft, keys] = await Promise.all([
    findTwoFactorEnrolment(db),
    countRecoveryCodes(db),
    listApiKeys(db),
  ]);
  const qrSvg = enrolment ? await QRCode.toString(enrolment.uri, { type: "svg", margin: 1 }) : null;
  return (
    <div className="flex flex-col gap-6">
      <h1 className="text-2xl font-bold">Settings</h1>
      <Section id="account" title="Password and sessions">
        <p className="mb-4 text-sm text-slate-700">
          Signed in as <strong>{owner.email}</strong>.
        </p>
        <ChangePasswordForm action={changePassword} />
        <form action={signOutEverywhere} className="mt-6">
          <button className="rounded-lg border border-slate-300 px-4 py-2 text-sm font-semibold hover:bg-slate-100">
            Sign out everywhere
          </button>
        </form>
      </Section>
      <Section id="two-factor" title="Two-factor sign-in">
        <TwoFactorPanel
          enabled={owner.totpSecret !== null}
          recoveryCodesLeft={recoveryCodesLeft}
          enrolment={enrolment && qrSvg ? { secret: enrolment.secret, qrSvg } : null}
          startAction={startTwoFactor}
          confirmAction={confirmTwoFactorAction}
          disableAction={disableTwoFactorAction}
        />
      </Section>
      <Section id="api-keys" title="API keys">
        <ApiKeysPanel
          keys={keys.map((key) => ({
            id: key.id,
            name: key.name,
            scope: key.scope,
            prefix: key.prefix,
            createdAt: key.createdAt.toISOString(),
            lastUsedAt: key.lastUsedAt?.toISOString() ?? null,
            revokedAt: key.revokedAt?.toISOString() ?? null,
          }))}
          createAction={createApiKeyAction}
          revokeAction={revokeApiKeyAction}
        />
      </Section>
    </div>
  );
}
