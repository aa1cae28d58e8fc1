/**
 * Asks for a new confirmation link. A signed-in visitor needs no email field: the page uses
 * the account's own address.
 */
import { Field } from "./Field.tsx";

export function ResendForm(
  { askEmail, email, error, label = "Send a new link", compact }: {
    askEmail: boolean;
    email?: string;
    error?: string;
    label?: string;
    compact?: boolean;
  },
) {
  return (
    <form method="post" action="/verify-email/sent" class={compact ? "inline-form" : "stack"}>
      {askEmail && (
        <Field
          name="email"
          label="Your email"
          type="email"
          autoComplete="email"
          required
          value={email}
          error={error}
        />
      )}
      <button type="submit" class={compact ? "button button-small" : "button button-secondary"}>
        {label}
      </button>
    </form>
  );
}
