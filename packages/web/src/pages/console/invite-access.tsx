import type { CreatedUserResponse } from "@quorum/server";
import { useTranslation } from "react-i18next";

/** How an invited person first gets in: a one-time link to set their own password, or a temporary one. */
export type InviteAccess = "link" | "password";

/** What the inviter is shown once: the link to pass on (or that it was e-mailed), or the temporary password. */
export type InviteOutcome =
  | { email: string; access: "password"; password: string }
  | { email: string; access: "link"; passwordLink: NonNullable<CreatedUserResponse["passwordLink"]> };

/** The invite form's choice between a set-password link (the default) and a temporary password. */
export function InviteAccessChoice({
  value,
  onChange,
}: {
  value: InviteAccess;
  onChange: (next: InviteAccess) => void;
}) {
  const { t } = useTranslation();
  const option = (access: InviteAccess, label: string, hint: string) => (
    <label className="invite-access-option">
      <input type="radio" name="access" value={access} checked={value === access} onChange={() => onChange(access)} />
      <span>
        {label}
        <small className="field-hint">{hint}</small>
      </span>
    </label>
  );
  return (
    <fieldset className="invite-access">
      <legend>{t("console.people.firstSignIn")}</legend>
      {option("link", t("console.people.inviteByLink"), t("console.people.inviteByLinkHint"))}
      {option("password", t("console.people.inviteByPassword"), t("console.people.inviteByPasswordHint"))}
    </fieldset>
  );
}

/** After an invite: the secret to pass on, shown once, with a copy button. */
export function InviteOutcomeNotice({ outcome, onDone }: { outcome: InviteOutcome; onDone: () => void }) {
  const { t } = useTranslation();
  const secret = outcome.access === "password" ? outcome.password : outcome.passwordLink.link;
  const message =
    outcome.access === "password"
      ? t("console.people.created")
      : secret === null
        ? t("console.people.createdLinkEmailed")
        : t("console.people.createdWithLink");
  return (
    <div>
      <p>
        <strong>{outcome.email}</strong> {message}
      </p>
      {secret !== null && <pre className="secret">{secret}</pre>}
      <div className="row-actions modal-actions">
        {secret !== null && (
          <button type="button" className="btn" onClick={() => void navigator.clipboard?.writeText(secret)}>
            {outcome.access === "password" ? t("console.people.copyPassword") : t("console.people.copyLink")}
          </button>
        )}
        <button type="button" className="btn btn-primary" onClick={onDone}>
          {t("console.people.done")}
        </button>
      </div>
    </div>
  );
}
