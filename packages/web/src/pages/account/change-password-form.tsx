import type { ErrorDetail } from "@quorum/core";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError, api, describeError } from "../../api/client.js";
import { Field } from "../../components/field.js";

/**
 * Changes the signed-in person's own password (POST /auth/password: the current one, then the new
 * one twice). The server's policy messages show under the field it names.
 */
export function ChangePasswordForm({
  submitLabel,
  onChanged,
}: {
  submitLabel: string;
  /** After the server accepted the new password (the session stays signed in). */
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  const [currentPassword, setCurrentPassword] = useState("");
  const [newPassword, setNewPassword] = useState("");
  const [repeat, setRepeat] = useState("");
  const [details, setDetails] = useState<ErrorDetail[]>([]);
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    setDetails([]);
    if (newPassword !== repeat) {
      setDetails([{ path: "repeat", message: t("account.mismatch") }]);
      return;
    }
    setBusy(true);
    try {
      await api("/auth/password", { method: "POST", body: { currentPassword, newPassword } });
      setCurrentPassword("");
      setNewPassword("");
      setRepeat("");
      onChanged();
    } catch (caught) {
      // A field the server named gets its message there; anything else shows above the button.
      if (caught instanceof ApiError && caught.details.length > 0) setDetails(caught.details);
      else setError(describeError(caught, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="change-password" onSubmit={submit}>
      <Field label={t("account.current")} details={details} path="currentPassword">
        {(control) => (
          <input
            {...control}
            type="password"
            name="currentPassword"
            autoComplete="current-password"
            required
            value={currentPassword}
            onChange={(e) => setCurrentPassword(e.target.value)}
          />
        )}
      </Field>
      <Field label={t("account.new")} hint={t("account.hint")} details={details} path="newPassword">
        {(control) => (
          <input
            {...control}
            type="password"
            name="newPassword"
            autoComplete="new-password"
            required
            value={newPassword}
            onChange={(e) => setNewPassword(e.target.value)}
          />
        )}
      </Field>
      <Field label={t("account.repeat")} details={details} path="repeat">
        {(control) => (
          <input
            {...control}
            type="password"
            name="repeat"
            autoComplete="new-password"
            required
            value={repeat}
            onChange={(e) => setRepeat(e.target.value)}
          />
        )}
      </Field>
      <div className="form-error" role="alert">
        {error}
      </div>
      <button type="submit" className="btn btn-primary" disabled={busy}>
        {busy ? t("account.busy") : submitLabel}
      </button>
    </form>
  );
}
