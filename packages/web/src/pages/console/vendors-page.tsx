import type { ErrorDetail } from "@quorum/core";
import { can } from "@quorum/core";
import type { VendorsResponse, VendorView } from "@quorum/server";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError, api, describeError } from "../../api/client.js";
import { Field } from "../../components/field.js";
import { Link } from "../../components/router.js";
import { useSession } from "../../components/session.js";
import { EmptyState, ErrorBanner, Modal, PageLoading, Pill } from "../../components/ui.js";
import { useDefaultCurrency } from "../../components/workspace-currency.js";
import { MergeForm } from "./merge-form.js";
import { useApi } from "./use-api.js";

/** Vendors: list, create, rename (and edit contacts and terms), merge. A vendor lead sees their own. */
export function VendorsPage() {
  const { t } = useTranslation();
  const { user: me } = useSession();
  const { data, error, reload } = useApi<VendorsResponse>("/vendors");
  const [editing, setEditing] = useState<VendorView | "new" | undefined>();
  const [merging, setMerging] = useState<VendorView | undefined>();
  const canManage = can(me.role, "users.manage");
  if (error) return <ErrorBanner error={error} onRetry={reload} />;
  if (!data) return <PageLoading />;
  const active = data.vendors.filter((v) => !v.archived);
  return (
    <div className="page">
      <div className="page-head">
        <div>
          <h1>{t("workforce.vendors")}</h1>
          <p className="muted">{t("workforce.vendorsIntro")}</p>
        </div>
        {canManage && (
          <button type="button" className="btn btn-primary" onClick={() => setEditing("new")}>
            {t("workforce.newVendor")}
          </button>
        )}
      </div>
      <div className="card">
        {data.vendors.length === 0 ? (
          <EmptyState title={t("workforce.noVendors")} />
        ) : (
          <table className="table" aria-label={t("workforce.vendors")}>
            <thead>
              <tr>
                <th scope="col">{t("workforce.name")}</th>
                <th scope="col">{t("workforce.contactName")}</th>
                <th scope="col">{t("workforce.currency")}</th>
                <th scope="col">{t("workforce.terms")}</th>
                {canManage && <th scope="col">{t("console.people.actions")}</th>}
              </tr>
            </thead>
            <tbody>
              {data.vendors.map((vendor) => (
                <tr key={vendor.id}>
                  <td>
                    <Link to={{ name: "vendor", vendorId: vendor.id }}>{vendor.name}</Link>{" "}
                    {vendor.archived && <Pill tone="neutral">{t("workforce.archived")}</Pill>}
                  </td>
                  <td>
                    {vendor.contactName ?? "–"}
                    {vendor.contactEmail && <div className="cell-sub">{vendor.contactEmail}</div>}
                  </td>
                  <td>{vendor.currency ?? "–"}</td>
                  <td className="cell-sub">{vendor.contractTerms || "–"}</td>
                  {canManage && (
                    <td>
                      {!vendor.archived && (
                        <span className="row-actions">
                          <button type="button" className="btn btn-small" onClick={() => setEditing(vendor)}>
                            {t("workforce.rename")}
                          </button>
                          <button type="button" className="btn btn-small" onClick={() => setMerging(vendor)}>
                            {t("workforce.merge")}
                          </button>
                        </span>
                      )}
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
      <Modal
        title={editing === "new" ? t("workforce.newVendor") : t("workforce.rename")}
        open={editing !== undefined}
        onClose={() => setEditing(undefined)}
      >
        {editing !== undefined && (
          <VendorForm
            vendor={editing === "new" ? undefined : editing}
            onDone={() => {
              setEditing(undefined);
              reload();
            }}
          />
        )}
      </Modal>
      <Modal title={t("workforce.merge")} open={merging !== undefined} onClose={() => setMerging(undefined)}>
        {merging && (
          <MergeForm
            help={t("workforce.mergeVendorHelp")}
            path={`/vendors/${merging.id}/merge`}
            field="intoVendorId"
            choices={active.filter((v) => v.id !== merging.id).map((v) => ({ id: v.id, label: v.name }))}
            onDone={() => {
              setMerging(undefined);
              reload();
            }}
          />
        )}
      </Modal>
    </div>
  );
}

function VendorForm({ vendor, onDone }: { vendor: VendorView | undefined; onDone: () => void }) {
  const { t } = useTranslation();
  const [name, setName] = useState(vendor?.name ?? "");
  const [contactName, setContactName] = useState(vendor?.contactName ?? "");
  const [contactEmail, setContactEmail] = useState(vendor?.contactEmail ?? "");
  const [currency, setCurrency] = useState(vendor?.currency ?? "");
  // A new vendor's contract starts in the workspace's currency; an existing one keeps what it has (none included).
  useDefaultCurrency(currency, (workspace) => {
    if (!vendor) setCurrency(workspace);
  });
  const [terms, setTerms] = useState(vendor?.contractTerms ?? "");
  const [details, setDetails] = useState<ErrorDetail[]>([]);
  const [error, setError] = useState<string | undefined>();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const body = {
      name,
      contactName: contactName.trim() || null,
      contactEmail: contactEmail.trim() || null,
      currency: currency.trim().toUpperCase() || null,
      contractTerms: terms,
    };
    try {
      if (vendor) await api(`/vendors/${vendor.id}`, { method: "PATCH", body });
      else await api("/vendors", { method: "POST", body });
      onDone();
    } catch (caught) {
      setError(describeError(caught));
      if (caught instanceof ApiError) setDetails(caught.details);
    }
  };
  const text = (label: string, path: string, value: string, set: (v: string) => void, type = "text") => (
    <Field label={label} details={details} path={path}>
      {(control) => <input {...control} type={type} name={path} value={value} onChange={(e) => set(e.target.value)} />}
    </Field>
  );
  return (
    <form onSubmit={submit}>
      {error && <ErrorBanner error={error} />}
      {text(t("workforce.name"), "name", name, setName)}
      {text(t("workforce.contactName"), "contactName", contactName, setContactName)}
      {text(t("workforce.contactEmail"), "contactEmail", contactEmail, setContactEmail, "email")}
      {text(t("workforce.currency"), "currency", currency, setCurrency)}
      <Field label={t("workforce.terms")} details={details} path="contractTerms">
        {(control) => (
          <textarea {...control} name="contractTerms" value={terms} onChange={(e) => setTerms(e.target.value)} />
        )}
      </Field>
      <div className="row-actions modal-actions">
        <button type="submit" className="btn btn-primary">
          {vendor ? t("workforce.save") : t("workforce.create")}
        </button>
      </div>
    </form>
  );
}
