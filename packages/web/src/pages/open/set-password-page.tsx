import type { ErrorDetail } from "@quorum/core";
import type { UserView } from "@quorum/server";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { userResponseCheck } from "../../api/body-check.js";
import { ApiError, api, describeError } from "../../api/client.js";
import { PasswordField } from "../../components/field.js";
import { useRouter } from "../../components/router.js";
import { LanguageSwitcher } from "../../i18n/language-switcher.js";
import { homeFor, routePath } from "../../lib/router.js";

/**
 * The page a one-time link opens: /set-password#<token>. The token rides in the fragment, so it
 * never reaches a server log or a Referer header; setting the password signs the person in.
 */
export function SetPasswordPage({ onSignedIn }: { onSignedIn: (user: UserView) => void }) {
  const { t } = useTranslation();
  const { navigate } = useRouter();
  const [token] = useState(() => decodeURIComponent(window.location.hash.replace(/^#/, "")));
  const [password, setPassword] = useState("");
  const [repeat, setRepeat] = useState("");
  const [details, setDetails] = useState<ErrorDetail[]>([]);
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    setDetails([]);
    if (password !== repeat) {
      setDetails([{ path: "repeat", message: t("setPassword.mismatch") }]);
      return;
    }
    setBusy(true);
    try {
      const { user } = await api("/password-links/redeem", {
        method: "POST",
        body: { token, password },
        check: userResponseCheck,
      });
      navigate(routePath(homeFor(user.role)), { replace: true });
      onSignedIn(user);
    } catch (caught) {
      if (caught instanceof ApiError && caught.code === "not_found") setError(t("setPassword.expired"));
      else {
        if (caught instanceof ApiError) setDetails(caught.details);
        setError(describeError(caught, t));
      }
      setBusy(false);
    }
  };

  return (
    <main className="signin">
      <form className="signin-card" onSubmit={submit} aria-labelledby="set-password-title">
        <div className="brand brand-large">
          <span className="brand-mark" aria-hidden="true" />
          Quorum
        </div>
        <h1 id="set-password-title">{t("setPassword.title")}</h1>
        {token === "" ? (
          <p className="form-error">{t("setPassword.expired")}</p>
        ) : (
          <>
            <PasswordField
              label={t("setPassword.password")}
              hint={t("setPassword.hint")}
              details={details}
              name="password"
              autoComplete="new-password"
              value={password}
              onChange={setPassword}
            />
            <PasswordField
              label={t("setPassword.repeat")}
              details={details}
              name="repeat"
              autoComplete="new-password"
              value={repeat}
              onChange={setRepeat}
            />
            <div className="form-error" role="alert">
              {error}
            </div>
            <button type="submit" className="btn btn-primary btn-block" disabled={busy}>
              {busy ? t("setPassword.busy") : t("setPassword.submit")}
            </button>
          </>
        )}
        <div className="signin-language">
          <LanguageSwitcher />
        </div>
      </form>
    </main>
  );
}
