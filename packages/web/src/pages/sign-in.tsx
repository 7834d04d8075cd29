import type { UserView } from "@quorum/server";
import { type FormEvent, useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { authConfigCheck, userResponseCheck } from "../api/body-check.js";
import { api, describeError } from "../api/client.js";
import { Field } from "../components/field.js";
import { useRouter } from "../components/router.js";
import { LanguageSwitcher } from "../i18n/language-switcher.js";
import { areaFor, homeFor, routePath, safeReturnPath } from "../lib/router.js";

export function SignInPage({
  onSignedIn,
  sessionEnded = false,
}: {
  onSignedIn: (user: UserView) => void;
  /** The session ended while a page was open: say so above the form. */
  sessionEnded?: boolean;
}) {
  const { t } = useTranslation();
  const { navigate } = useRouter();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const [ssoUrl, setSsoUrl] = useState<string | undefined>();
  const emailRef = useRef<HTMLInputElement>(null);
  useEffect(() => emailRef.current?.focus(), []);
  useEffect(() => {
    const controller = new AbortController();
    api("/auth/config", { check: authConfigCheck, signal: controller.signal }).then(
      ({ sso }) => {
        if (!sso.enabled || !sso.loginUrl) return;
        const next = safeReturnPath(new URLSearchParams(window.location.search).get("next"));
        setSsoUrl(next ? `${sso.loginUrl}?returnTo=${encodeURIComponent(next)}` : sso.loginUrl);
      },
      // Without the answer the page offers the password form only, which always works.
      () => {},
    );
    return () => controller.abort();
  }, []);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const { user } = await api("/auth/login", {
        method: "POST",
        body: { email, password },
        check: userResponseCheck,
      });
      const next = safeReturnPath(new URLSearchParams(window.location.search).get("next"));
      const nextArea = next?.startsWith("/console") ? "console" : next?.startsWith("/work") ? "workspace" : undefined;
      navigate(next && nextArea === areaFor(user.role) ? next : routePath(homeFor(user.role)), { replace: true });
      onSignedIn(user);
    } catch (caught) {
      setError(describeError(caught));
      setBusy(false);
    }
  };

  return (
    <main className="signin">
      <form className="signin-card" onSubmit={submit} aria-labelledby="signin-title">
        <div className="brand brand-large">
          <span className="brand-mark" aria-hidden="true" />
          Quorum
        </div>
        <h1 id="signin-title">{t("signin.title")}</h1>
        {sessionEnded && (
          <p className="banner banner-info" role="status">
            {t("signin.sessionEnded")}
          </p>
        )}
        <Field label={t("signin.email")}>
          {(control) => (
            <input
              {...control}
              type="email"
              name="email"
              autoComplete="username"
              required
              ref={emailRef}
              value={email}
              onChange={(e) => setEmail(e.target.value)}
            />
          )}
        </Field>
        <Field label={t("signin.password")}>
          {(control) => (
            <input
              {...control}
              type="password"
              name="password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
          )}
        </Field>
        <div className="form-error" role="alert">
          {error}
        </div>
        <button type="submit" className="btn btn-primary btn-block" disabled={busy}>
          {busy ? t("signin.busy") : t("signin.submit")}
        </button>
        {ssoUrl && (
          <>
            <div className="signin-or">{t("signin.or")}</div>
            {/* A navigation, not a fetch: the identity provider's pages open in this tab. */}
            <a className="btn btn-block" href={ssoUrl}>
              {t("signin.sso")}
            </a>
          </>
        )}
        <div className="signin-language">
          <LanguageSwitcher />
        </div>
      </form>
    </main>
  );
}
