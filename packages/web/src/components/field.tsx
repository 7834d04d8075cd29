import type { ErrorDetail } from "@quorum/core";
import { type ReactNode, useId } from "react";

/** The server's details about `path` or anything below it (`schema` covers `schema.options[1]`). */
export function detailsAt(details: readonly ErrorDetail[], path: string): ErrorDetail[] {
  return details.filter((d) => d.path === path || d.path.startsWith(`${path}.`) || d.path.startsWith(`${path}[`));
}

/** Field-level errors from the server's `details`, matched by path prefix. */
export function FieldErrors({ details, path, id }: { details: readonly ErrorDetail[]; path: string; id?: string }) {
  const mine = detailsAt(details, path);
  if (mine.length === 0) return null;
  return (
    <div className="field-error" role="alert" id={id}>
      {mine.map((d) => (
        <div key={d.path + d.message}>
          {d.path === path ? d.message : `${d.path.slice(path.length).replace(/^\./, "")}: ${d.message}`}
        </div>
      ))}
    </div>
  );
}

/** What a Field hands its control to spread on it: the id its label points at, and what describes it. */
export interface ControlProps {
  id: string;
  "aria-describedby"?: string;
  "aria-invalid"?: true;
}

/**
 * A labelled form control with an optional hint and the server's messages for its `path`. The
 * control is a render function given the ids to spread on it: the label points at it, the hint
 * and the messages describe it (aria-describedby), and it is aria-invalid while it has messages.
 */
export function Field({
  label,
  hint,
  details,
  path,
  children,
}: {
  label: ReactNode;
  hint?: ReactNode;
  /** The server's field details (or the form's own); those at `path` show under the control. */
  details?: readonly ErrorDetail[];
  path?: string;
  children: (control: ControlProps) => ReactNode;
}) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-errors`;
  const invalid = details !== undefined && path !== undefined && detailsAt(details, path).length > 0;
  const describedBy = [hint ? hintId : "", invalid ? errorId : ""].filter((s) => s !== "").join(" ");
  const control: ControlProps = {
    id,
    ...(describedBy ? { "aria-describedby": describedBy } : {}),
    ...(invalid ? { "aria-invalid": true } : {}),
  };
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children(control)}
      {hint && (
        <small id={hintId} className="field-hint">
          {hint}
        </small>
      )}
      {invalid && <FieldErrors id={errorId} details={details} path={path} />}
    </div>
  );
}

/** A required password `Field`: `name` is both the control's name and the details' path. */
export function PasswordField({
  label,
  hint,
  details,
  name,
  autoComplete,
  value,
  onChange,
}: {
  label: ReactNode;
  hint?: ReactNode;
  details: readonly ErrorDetail[];
  name: string;
  autoComplete: "current-password" | "new-password";
  value: string;
  onChange: (value: string) => void;
}) {
  return (
    <Field label={label} hint={hint} details={details} path={name}>
      {(control) => (
        <input
          {...control}
          type="password"
          name={name}
          autoComplete={autoComplete}
          required
          value={value}
          onChange={(e) => onChange(e.target.value)}
        />
      )}
    </Field>
  );
}
