import { useTranslation } from "react-i18next";
import { useSession } from "../../components/session.js";
import { LanguageSwitcher } from "../../i18n/language-switcher.js";
import { ChangePasswordForm } from "./change-password-form.js";

/**
 * All a person sees while their password is one someone else set (an invite's or a reset's): why,
 * the form to change it, and signing out. The page they were going to opens once it is changed.
 */
export function PasswordChangeRequired({ onChanged }: { onChanged: () => void }) {
  const { t } = useTranslation();
  const { user, signOut } = useSession();
  return (
    <main className="signin">
      <section className="signin-card" aria-labelledby="password-change-title">
        <div className="brand brand-large">
          <span className="brand-mark" aria-hidden="true" />
          Quorum
        </div>
        <h1 id="password-change-title">{t("account.requiredTitle")}</h1>
        <p className="banner banner-info">{t("account.requiredWhy")}</p>
        <p className="muted">{user.email}</p>
        <ChangePasswordForm submitLabel={t("account.requiredSubmit")} onChanged={onChanged} />
        <button type="button" className="btn btn-ghost btn-block" onClick={signOut}>
          {t("common.signOut")}
        </button>
        <div className="signin-language">
          <LanguageSwitcher />
        </div>
      </section>
    </main>
  );
}
