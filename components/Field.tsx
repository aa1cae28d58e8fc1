/** A labelled form input with its hint and error, wired together for screen readers. */
import type { ComponentChildren } from "preact";

export interface FieldProps {
  name: string;
  label: string;
  type?: string;
  value?: string;
  error?: string;
  hint?: ComponentChildren;
  autoComplete?: string;
  required?: boolean;
  placeholder?: string;
  inputMode?: "text" | "decimal" | "numeric" | "email";
  maxLength?: number;
  min?: string;
  max?: string;
  step?: string;
  /** Render a <textarea> with this many rows instead of an <input>. */
  rows?: number;
  list?: string;
  class?: string;
}

export function Field(props: FieldProps) {
  const id = `f-${props.name}`;
  const described = [props.hint ? `${id}-hint` : "", props.error ? `${id}-error` : ""]
    .filter(Boolean).join(" ") || undefined;
  const common = {
    id,
    name: props.name,
    required: props.required,
    placeholder: props.placeholder,
    maxLength: props.maxLength,
    "aria-invalid": props.error ? "true" as const : undefined,
    "aria-describedby": described,
  };
  return (
    <div class={`field${props.error ? " has-error" : ""}${props.class ? ` ${props.class}` : ""}`}>
      <label for={id}>{props.label}</label>
      {props.rows ? <textarea {...common} rows={props.rows} value={props.value ?? ""} /> : (
        <input
          {...common}
          type={props.type ?? "text"}
          value={props.value ?? ""}
          autoComplete={props.autoComplete}
          inputMode={props.inputMode}
          min={props.min}
          max={props.max}
          step={props.step}
          list={props.list}
        />
      )}
      {props.hint && <p class="field-hint" id={`${id}-hint`}>{props.hint}</p>}
      <FieldError id={`${id}-error`} message={props.error} />
    </div>
  );
}

export function FieldError({ id, message }: { id: string; message?: string }) {
  if (!message) return null;
  return (
    <p class="field-error" id={id}>
      <span aria-hidden="true">⚠</span> {message}
    </p>
  );
}
