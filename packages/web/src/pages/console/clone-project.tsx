import type { ProjectView } from "@quorum/server";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { api, describeError } from "../../api/client.js";
import { Field } from "../../components/field.js";
import { useRouter } from "../../components/router.js";
import { ErrorBanner, Modal } from "../../components/ui.js";

/** "Clone as template": a new project with this one's schema, guidelines and settings, no tasks. */
export function CloneProjectButton({ project }: { project: ProjectView }) {
  const { t } = useTranslation();
  const { navigate } = useRouter();
  const [open, setOpen] = useState(false);
  const [name, setName] = useState(`${project.name} (copy)`);
  const [error, setError] = useState<string>();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    try {
      const clone = await api<ProjectView>(`/projects/${project.id}/clone`, { method: "POST", body: { name } });
      setOpen(false);
      navigate({ name: "project", projectId: clone.id });
    } catch (caught) {
      setError(describeError(caught, t));
    }
  };
  return (
    <>
      <button type="button" className="btn" onClick={() => setOpen(true)}>
        {t("delivery.clone")}
      </button>
      <Modal title={t("delivery.clone")} open={open} onClose={() => setOpen(false)}>
        <form onSubmit={submit}>
          {error && <ErrorBanner error={error} />}
          <Field label={t("delivery.cloneName")}>
            {(control) => <input {...control} required value={name} onChange={(e) => setName(e.target.value)} />}
          </Field>
          <button type="submit" className="btn btn-primary">
            {t("delivery.cloneSubmit")}
          </button>
        </form>
      </Modal>
    </>
  );
}
