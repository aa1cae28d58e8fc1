/** The reminder to confirm an email address, with a one-click resend. */
import { Icon } from "./Icon.tsx";
import { ResendForm } from "./ResendForm.tsx";

export function VerifyBanner({ email }: { email: string }) {
  return (
    <div class="banner banner-warning" role="status">
      <Icon name="mail" size={22} />
      <div class="banner-text">
        <strong>Confirm your email.</strong> We sent a link to{" "}
        {email}. Confirming keeps your account recoverable and lets others trust it.
      </div>
      <ResendForm askEmail={false} compact label="Resend link" />
    </div>
  );
}
