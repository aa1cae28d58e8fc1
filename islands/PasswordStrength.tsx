/**
 * A password input with a strength meter and the two rules the server enforces (length, not
 * your email) ticked off while typing. It only advises: the form still posts whatever is typed
 * and the server decides. Without JavaScript it is a plain labelled password input.
 */
import { useEffect, useState } from "preact/hooks";
import { FieldError } from "@/components/Field.tsx";
import { Icon } from "@/components/Icon.tsx";

export interface PasswordStrengthProps {
  name: string;
  label: string;
  /** The server's minimum (MIN_PASSWORD), passed in so the island ships no schema code. */
  minLength: number;
  autoComplete?: string;
  error?: string;
  /** The account's email, when the page knows it. */
  email?: string;
  /** The id of an email input on the same form to compare against as it changes. */
  emailFieldId?: string;
}

const COMMON = /password|qwerty|letmein|welcome|123456|abcdef|iloveyou|admin|workmate/i;
const LABELS = ["", "Weak", "Fair", "Good", "Strong"];

/** 0 = empty, 1 = weak … 4 = strong. A rough guide, not a guarantee. */
function scorePassword(pw: string, email: string, min: number): number {
  if (!pw) return 0;
  if (pw.length < min || isEmail(pw, email)) return 1;
  const classes = [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9\s]/, /\s/].filter((r) => r.test(pw))
    .length;
  let score = 2;
  if (pw.length >= 14) score++;
  if (pw.length >= 20) score++;
  if (classes >= 3) score++;
  if (COMMON.test(pw) || /^(.)\1+$/.test(pw) || new Set(pw).size < pw.length / 3) score -= 2;
  return Math.max(1, Math.min(4, score));
}

function isEmail(pw: string, email: string): boolean {
  return email !== "" && pw.trim().toLowerCase() === email.trim().toLowerCase();
}

export default function PasswordStrength(props: PasswordStrengthProps) {
  const id = `f-${props.name}`;
  const [value, setValue] = useState("");
  const [email, setEmail] = useState(props.email ?? "");
  const [visible, setVisible] = useState(false);
  const [mounted, setMounted] = useState(false);

  useEffect(() => {
    setMounted(true);
    const input = document.getElementById(id) as HTMLInputElement | null;
    // The browser may have filled the field before hydration.
    if (input?.value) setValue(input.value);
    if (!props.emailFieldId) return;
    const field = document.getElementById(props.emailFieldId) as HTMLInputElement | null;
    if (!field) return;
    const update = () => setEmail(field.value);
    update();
    field.addEventListener("input", update);
    return () => field.removeEventListener("input", update);
  }, [props.emailFieldId]);

  const score = scorePassword(value, email, props.minLength);
  const longEnough = value.length >= props.minLength;
  const notEmail = value !== "" && !isEmail(value, email);
  const state = (ok: boolean) => (value === "" ? "is-pending" : ok ? "is-met" : "is-unmet");
  const described = [`${id}-strength`, props.error ? `${id}-error` : ""].filter(Boolean).join(" ");

  return (
    <div class={`field password-field${props.error ? " has-error" : ""}`}>
      <label for={id}>{props.label}</label>
      <div class="password-input">
        <input
          id={id}
          name={props.name}
          type={visible ? "text" : "password"}
          autoComplete={props.autoComplete ?? "new-password"}
          required
          maxLength={256}
          value={value}
          aria-invalid={props.error ? "true" : undefined}
          aria-describedby={described}
          onInput={(e) => setValue(e.currentTarget.value)}
        />
        {mounted && (
          <button
            type="button"
            class="password-toggle"
            aria-controls={id}
            aria-pressed={visible}
            onClick={() => setVisible(!visible)}
          >
            {visible ? "Hide" : "Show"}
          </button>
        )}
      </div>
      <div class="strength" id={`${id}-strength`} data-score={String(score)}>
        <div class="strength-bar" aria-hidden="true">
          <span />
          <span />
          <span />
          <span />
        </div>
        <p class="strength-label" aria-live="polite">
          {score === 0 ? "Password strength" : `Strength: ${LABELS[score]}`}
        </p>
        <ul class="strength-hints">
          <li class={state(longEnough)} data-rule="length">
            <Icon name={value !== "" && longEnough ? "check" : "circle"} size={16} />
            At least {props.minLength} characters
          </li>
          <li class={state(notEmail)} data-rule="not-email">
            <Icon name={notEmail ? "check" : "circle"} size={16} />
            Not your email
          </li>
          {value !== "" && longEnough && notEmail && score < 4 && (
            <li class="is-tip">Tip: a short sentence of unusual words is long and memorable.</li>
          )}
        </ul>
      </div>
      <FieldError id={`${id}-error`} message={props.error} />
    </div>
  );
}
