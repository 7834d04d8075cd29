import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useSession } from "../../components/session.js";
import { ChangePasswordForm } from "./change-password-form.js";

/** "Your account", for every role: who you are, and a form to change your own password. */
export function AccountPage() {
  const { t } = useTranslation();
  const { user } = useSession();
  const [changed, setChanged] = useState(false);
  return (
    <div className="account-page">
      <h1>{t("account.title")}</h1>
      <section className="card" aria-labelledby="account-who">
        <h2 id="account-who">{t("account.who")}</h2>
        <dl className="account-facts">
          <dt>{t("account.name")}</dt>
          <dd>{user.name}</dd>
          <dt>{t("account.email")}</dt>
          <dd>{user.email}</dd>
          <dt>{t("account.role")}</dt>
          <dd>{t(`roles.${user.role}`)}</dd>
        </dl>
      </section>
      <section className="card" aria-labelledby="account-password">
        <h2 id="account-password">{t("account.passwordTitle")}</h2>
        <ChangePasswordForm submitLabel={t("account.submit")} onChanged={() => setChanged(true)} />
        <p role="status" className="muted">
          {changed ? t("account.changed") : ""}
        </p>
      </section>
    </div>
  );
}
