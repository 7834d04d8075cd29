import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, describeError } from "../../api/client.js";
import { Modal } from "../../components/ui.js";

/**
 * Issues a one-time link for a person to set a new password (POST /users/{id}/password-link) and
 * shows it to pass on, or says it was e-mailed when the server has a mail server.
 */
export function PasswordLinkButton({ person }: { person: { id: number; name: string } }) {
  const { t } = useTranslation();
  const [shown, setShown] = useState<{ link: string | null; emailed: boolean } | string | undefined>();
  const issue = async () => {
    try {
      setShown(
        await api<{ link: string | null; emailed: boolean }>(`/users/${person.id}/password-link`, { method: "POST" }),
      );
    } catch (caught) {
      setShown(describeError(caught));
    }
  };
  return (
    <>
      <button type="button" className="btn btn-small" onClick={() => void issue()}>
        {t("console.people.passwordLink")}
      </button>
      <Modal
        title={t("console.people.passwordLinkFor", { name: person.name })}
        open={shown !== undefined}
        onClose={() => setShown(undefined)}
      >
        {typeof shown === "string" ? (
          <p className="form-error">{shown}</p>
        ) : shown?.link ? (
          <>
            <p>{t("console.people.passwordLinkHint")}</p>
            <input
              readOnly
              aria-label={t("console.people.passwordLinkFor", { name: person.name })}
              value={shown.link}
            />
          </>
        ) : (
          <p>{t("console.people.linkEmailed")}</p>
        )}
      </Modal>
    </>
  );
}
