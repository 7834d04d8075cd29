import type { TaskType } from "@quorum/core";
import { TASK_TYPES } from "@quorum/core";
import { useTranslation } from "react-i18next";
import { Field } from "../../components/field.js";
import { emptySchemaForm, type OptionRow, type SchemaForm } from "../../lib/schema-builder.js";
import { TableHead } from "./table-head.js";

/** The task-type picker and the settings of the chosen type (options, scale, lengths…). */
export function SchemaBuilder({ form, onChange }: { form: SchemaForm; onChange: (form: SchemaForm) => void }) {
  const { t } = useTranslation();
  const set = (patch: Partial<SchemaForm>) => onChange({ ...form, ...patch });
  const setOption = (index: number, patch: Partial<OptionRow>) =>
    set({ options: form.options.map((o, i) => (i === index ? { ...o, ...patch } : o)) });
  const moveOption = (index: number, delta: -1 | 1) => {
    const options = [...form.options];
    const target = index + delta;
    if (target < 0 || target >= options.length) return;
    [options[index], options[target]] = [options[target] as OptionRow, options[index] as OptionRow];
    set({ options });
  };
  return (
    <div className="schema-builder">
      <fieldset className="type-picker">
        <legend className="field-label">{t("console.schema.type")}</legend>
        {TASK_TYPES.map((type: TaskType) => (
          <label key={type} className={`type-card ${form.type === type ? "type-card-selected" : ""}`}>
            <input
              type="radio"
              name="task-type"
              value={type}
              checked={form.type === type}
              onChange={() => onChange({ ...emptySchemaForm(type), options: form.options })}
            />
            <strong>{t(`taskTypes.${type}`)}</strong>
            <span>{t(`console.schema.descriptions.${type}`)}</span>
          </label>
        ))}
      </fieldset>

      {(form.type === "single_choice" || form.type === "multi_label") && (
        <div className="option-editor">
          <div className="field-label">{t("console.schema.options")}</div>
          <table className="option-table">
            <TableHead
              columns={[
                t("console.schema.labelShown"),
                t("console.schema.storedValue"),
                ...(form.type === "multi_label" ? [t("console.schema.group"), "Alone only"] : []),
              ]}
              actions={t("console.people.actions")}
            />
            <tbody>
              {form.options.map((o, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: rows are positional while being edited
                <tr key={i}>
                  <td>
                    <input
                      type="text"
                      aria-label={t("console.schema.optionLabel", { n: i + 1 })}
                      value={o.label}
                      onChange={(e) => setOption(i, { label: e.target.value })}
                    />
                  </td>
                  <td>
                    <input
                      type="text"
                      aria-label={t("console.schema.optionValue", { n: i + 1 })}
                      value={o.value}
                      placeholder={t("console.schema.fromLabel")}
                      onChange={(e) => setOption(i, { value: e.target.value })}
                    />
                  </td>
                  {form.type === "multi_label" && (
                    <td>
                      <input
                        type="text"
                        aria-label={t("console.schema.optionGroup", { n: i + 1 })}
                        value={o.group}
                        onChange={(e) => setOption(i, { group: e.target.value })}
                      />
                    </td>
                  )}
                  {form.type === "multi_label" && (
                    <td className="option-exclusive">
                      <input
                        type="checkbox"
                        aria-label={`Option ${i + 1} must be chosen alone`}
                        title="Exclusive: cannot be combined with other options (e.g. No violation)"
                        checked={o.exclusive}
                        onChange={(e) => setOption(i, { exclusive: e.target.checked })}
                      />
                    </td>
                  )}
                  <td className="option-actions">
                    <button
                      type="button"
                      className="btn-icon"
                      aria-label={t("console.schema.moveUp", { n: i + 1 })}
                      disabled={i === 0}
                      onClick={() => moveOption(i, -1)}
                    >
                      ↑
                    </button>
                    <button
                      type="button"
                      className="btn-icon"
                      aria-label={t("console.schema.moveDown", { n: i + 1 })}
                      disabled={i === form.options.length - 1}
                      onClick={() => moveOption(i, 1)}
                    >
                      ↓
                    </button>
                    <button
                      type="button"
                      className="btn-icon"
                      aria-label={t("console.schema.remove", { n: i + 1 })}
                      onClick={() => set({ options: form.options.filter((_, j) => j !== i) })}
                    >
                      ×
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <button
            type="button"
            className="btn btn-small"
            onClick={() => set({ options: [...form.options, { value: "", label: "", group: "", exclusive: false }] })}
          >
            {t("console.schema.add")}
          </button>
          {form.type === "multi_label" && (
            <div className="inline-fields">
              <Field label={t("console.form.atLeast")}>
                {(control) => (
                  <input
                    {...control}
                    type="number"
                    min={0}
                    value={form.minSelected}
                    onChange={(e) => set({ minSelected: e.target.value })}
                  />
                )}
              </Field>
              <Field label={t("console.audits.atMost")}>
                {(control) => (
                  <input
                    {...control}
                    type="number"
                    min={1}
                    value={form.maxSelected}
                    placeholder={t("console.audits.all")}
                    onChange={(e) => set({ maxSelected: e.target.value })}
                  />
                )}
              </Field>
            </div>
          )}
        </div>
      )}

      {form.type === "rating" && (
        <div>
          <div className="inline-fields">
            <Field label={t("console.schema.lowest")}>
              {(control) => (
                <input
                  {...control}
                  type="number"
                  value={form.ratingMin}
                  onChange={(e) => set({ ratingMin: e.target.value })}
                />
              )}
            </Field>
            <Field label={t("console.schema.highest")}>
              {(control) => (
                <input
                  {...control}
                  type="number"
                  value={form.ratingMax}
                  onChange={(e) => set({ ratingMax: e.target.value })}
                />
              )}
            </Field>
          </div>
          <div className="field-label">{t("console.schema.pointNames")}</div>
          <div className="rating-labels">
            {ratingPoints(form).map((v) => (
              <label key={v} className="rating-label-row">
                <span className="rating-point">{v}</span>
                <input
                  type="text"
                  aria-label={t("console.schema.pointName", { point: v })}
                  value={form.ratingLabels[String(v)] ?? ""}
                  onChange={(e) => set({ ratingLabels: { ...form.ratingLabels, [String(v)]: e.target.value } })}
                />
              </label>
            ))}
          </div>
        </div>
      )}

      {form.type === "pairwise" && (
        <label className="checkbox">
          <input type="checkbox" checked={form.allowTie} onChange={(e) => set({ allowTie: e.target.checked })} />
          {t("console.schema.allowTie")}
        </label>
      )}

      {form.type === "ranking" && (
        <Field label={t("console.schema.itemsField")} hint={t("console.schema.itemsHint")}>
          {(control) => (
            <input
              {...control}
              type="text"
              value={form.itemsField}
              onChange={(e) => set({ itemsField: e.target.value })}
            />
          )}
        </Field>
      )}

      {form.type === "free_text" && (
        <div className="inline-fields">
          <Field label={t("console.schema.minLength")}>
            {(control) => (
              <input
                {...control}
                type="number"
                min={0}
                value={form.minLength}
                onChange={(e) => set({ minLength: e.target.value })}
              />
            )}
          </Field>
          <Field label={t("console.schema.maxLength")}>
            {(control) => (
              <input
                {...control}
                type="number"
                min={1}
                value={form.maxLength}
                onChange={(e) => set({ maxLength: e.target.value })}
              />
            )}
          </Field>
        </div>
      )}
    </div>
  );
}

function ratingPoints(form: SchemaForm): number[] {
  const min = Number(form.ratingMin);
  const max = Number(form.ratingMax);
  if (!Number.isInteger(min) || !Number.isInteger(max) || max < min || max - min > 20) return [];
  return Array.from({ length: max - min + 1 }, (_, i) => min + i);
}
