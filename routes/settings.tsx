import UseMyLocation from "@/islands/UseMyLocation.tsx";
import { Field } from "@/components/Field.tsx";
import { Notice } from "@/components/Notice.tsx";
import { ResendForm } from "@/components/ResendForm.tsx";
import PasswordStrength from "@/islands/PasswordStrength.tsx";
import { MIN_PASSWORD } from "@/lib/schemas/auth.ts";
import { ChangePasswordForm, CURRENCIES, formatMajor, ProfileForm } from "@/lib/schemas/forms.ts";
import { changePassword } from "@/server/auth/accounts.ts";
import { updateProfile } from "@/server/auth/users.ts";
import { accountDeps } from "@/server/web/auth_helpers.ts";
import type { AppContext, Viewer } from "@/server/web/context.ts";
import { type FieldErrors, formFailure, signInRedirect } from "@/server/web/forms.ts";
import { definePage, page, type PageProps, parseForm, seeOther } from "@/server/web/page.ts";

export const title = "Settings";

type User = Viewer["user"];

interface Data {
  role: User["role"];
  email: string;
  emailVerified: boolean;
  values: Record<string, string>;
  profileErrors: FieldErrors;
  passwordErrors: FieldErrors;
  timezones: string[];
}

function profileValues(u: User): Record<string, string> {
  return {
    displayName: u.displayName,
    headline: u.headline,
    bio: u.bio,
    skills: u.skills.join(", "),
    rateAmount: u.hourlyRateMinor !== null && u.hourlyRateCurrency
      ? formatMajor(u.hourlyRateMinor, u.hourlyRateCurrency)
      : "",
    rateCurrency: u.hourlyRateCurrency ?? "USD",
    locationName: u.locationName ?? "",
    lat: u.lat?.toString() ?? "",
    lng: u.lng?.toString() ?? "",
    timezone: u.timezone ?? "",
  };
}

function render(
  viewer: Viewer,
  values: Record<string, string>,
  errors: { profile?: FieldErrors; password?: FieldErrors } = {},
  status?: number,
) {
  const u = viewer.user;
  const zones = Intl.supportedValuesOf("timeZone");
  if (values.timezone && !zones.includes(values.timezone)) zones.unshift(values.timezone);
  return page<Data>({
    role: u.role,
    email: u.email,
    emailVerified: u.emailVerifiedAt !== null,
    values,
    profileErrors: errors.profile ?? {},
    passwordErrors: errors.password ?? {},
    timezones: zones,
  }, { status });
}

async function saveProfile(c: AppContext, viewer: Viewer) {
  const form = await parseForm(c, ProfileForm);
  if (!form.ok) return render(viewer, form.values, { profile: form.errors }, 422);
  const { db, clock, bus } = c.get("deps");
  const user = await db.write((tx) => updateProfile(tx, viewer.user.id, form.data, clock.now()));
  await bus.publish(`user:${user.id}`, { type: "user.updated", userId: user.id });
  return seeOther(c, "/settings?saved=1");
}

async function savePassword(c: AppContext, viewer: Viewer) {
  const values = profileValues(viewer.user);
  const form = await parseForm(c, ChangePasswordForm, (f) => ({
    currentPassword: f.currentPassword,
    newPassword: f.newPassword,
  }));
  if (!form.ok) return render(viewer, values, { password: form.errors }, 422);
  try {
    const { currentPassword, newPassword } = form.data;
    await changePassword(
      accountDeps(c),
      viewer.user,
      viewer.sessionId,
      currentPassword,
      newPassword,
    );
  } catch (err) {
    const failure = formFailure(c, err);
    return render(viewer, values, { password: failure.errors }, failure.status);
  }
  return seeOther(c, "/settings?saved=password");
}

export const handler = definePage<Data>({
  GET(c) {
    const viewer = c.get("viewer");
    if (!viewer) return signInRedirect(c);
    return render(viewer, profileValues(viewer.user));
  },
  async POST(c) {
    const viewer = c.get("viewer");
    if (!viewer) return signInRedirect(c);
    const { intent } = await c.req.parseBody();
    return intent === "password" ? savePassword(c, viewer) : saveProfile(c, viewer);
  },
});

export default function Settings({ data, url }: PageProps<Data>) {
  const { values, profileErrors: pe, passwordErrors: pw } = data;
  const saved = url.searchParams.get("saved");
  const isWorker = data.role === "worker";
  const currencies = Object.keys(CURRENCIES);
  if (values.rateCurrency && !currencies.includes(values.rateCurrency)) {
    currencies.push(values.rateCurrency);
  }
  return (
    <div class="container page">
      <header class="page-header">
        <h1>Settings</h1>
        <p class="muted">
          Your profile is what {isWorker ? "clients" : "workers"} see when you work together.
        </p>
      </header>
      {saved === "1" && <Notice kind="success" title="Saved">Your profile is up to date.</Notice>}
      {saved === "password" && (
        <Notice kind="success" title="Saved">
          Your password is changed. Other devices were signed out.
        </Notice>
      )}

      <div class="settings-grid">
        <section class="card" aria-labelledby="profile-title">
          <h2 id="profile-title">Profile</h2>
          {Object.keys(pe).length > 0 && (
            <Notice kind="error">Some fields need a fix before we can save.</Notice>
          )}
          <form method="post" action="/settings" class="stack">
            <input type="hidden" name="intent" value="profile" />
            <Field
              name="displayName"
              label="Display name"
              required
              maxLength={80}
              autoComplete="name"
              value={values.displayName}
              error={pe.displayName}
            />
            <Field
              name="headline"
              label="Headline"
              maxLength={120}
              placeholder={isWorker
                ? "e.g. Handyman and furniture assembly"
                : "e.g. Café owner in Leeds"}
              value={values.headline}
              error={pe.headline}
            />
            <Field
              name="bio"
              label="About you"
              rows={5}
              maxLength={5000}
              value={values.bio}
              error={pe.bio}
            />
            {isWorker && (
              <fieldset class="fieldset">
                <legend>Work</legend>
                <Field
                  name="skills"
                  label="Skills"
                  placeholder="plumbing, tiling, react"
                  hint="Separate skills with commas, up to 30."
                  value={values.skills}
                  error={pe.skills}
                />
                <div class="field-row">
                  <Field
                    name="rateAmount"
                    label="Hourly rate"
                    inputMode="decimal"
                    placeholder="25.00"
                    hint="Leave empty to agree per task."
                    value={values.rateAmount}
                    error={pe.rateAmount}
                  />
                  <div class={`field${pe.rateCurrency ? " has-error" : ""}`}>
                    <label for="f-rateCurrency">Currency</label>
                    <select id="f-rateCurrency" name="rateCurrency">
                      {currencies.map((cur) => (
                        <option value={cur} selected={cur === values.rateCurrency}>{cur}</option>
                      ))}
                    </select>
                    {pe.rateCurrency && <p class="field-error">{pe.rateCurrency}</p>}
                  </div>
                </div>
              </fieldset>
            )}
            <fieldset class="fieldset">
              <legend>Location</legend>
              <Field
                name="locationName"
                label="Place"
                placeholder="e.g. Leeds, UK"
                maxLength={120}
                hint="Used to match tasks nearby. Others see it rounded to about 1 km."
                value={values.locationName}
                error={pe.locationName}
              />
              <div class="field-row">
                <Field
                  name="lat"
                  label="Latitude"
                  type="number"
                  step="any"
                  min="-90"
                  max="90"
                  value={values.lat}
                  error={pe.lat}
                />
                <Field
                  name="lng"
                  label="Longitude"
                  type="number"
                  step="any"
                  min="-180"
                  max="180"
                  value={values.lng}
                  error={pe.lng}
                />
              </div>
              <UseMyLocation />
              <div class={`field${pe.timezone ? " has-error" : ""}`}>
                <label for="f-timezone">Time zone</label>
                <select id="f-timezone" name="timezone">
                  <option value="">Not set</option>
                  {data.timezones.map((tz) => (
                    <option value={tz} selected={tz === values.timezone}>{tz}</option>
                  ))}
                </select>
                {pe.timezone && <p class="field-error">{pe.timezone}</p>}
              </div>
            </fieldset>
            <div class="form-actions">
              <button type="submit" class="button">Save profile</button>
            </div>
          </form>
        </section>

        <div class="stack">
          {isWorker && (
            <section class="card" aria-labelledby="portfolio-title">
              <h2 id="portfolio-title">Portfolio and certifications</h2>
              <p class="muted">Show clients your past work, with photos and links.</p>
              <a class="button button-secondary button-small" href="/settings/portfolio">
                Edit portfolio
              </a>
            </section>
          )}
          <section class="card" aria-labelledby="account-title">
            <h2 id="account-title">Account</h2>
            <dl class="facts">
              <div>
                <dt>Email</dt>
                <dd>{data.email}</dd>
              </div>
              <div>
                <dt>Status</dt>
                <dd>
                  {data.emailVerified
                    ? <span class="badge badge-success">Confirmed</span>
                    : <span class="badge badge-warning">Not confirmed</span>}
                </dd>
              </div>
              <div>
                <dt>Account type</dt>
                <dd>{isWorker ? "Worker" : "Client"}</dd>
              </div>
            </dl>
            {!data.emailVerified && (
              <ResendForm askEmail={false} compact label="Resend confirmation link" />
            )}
          </section>

          <section class="card" aria-labelledby="password-title">
            <h2 id="password-title">Change password</h2>
            {pw._form && <Notice kind="error">{pw._form}</Notice>}
            <form method="post" action="/settings" class="stack">
              <input type="hidden" name="intent" value="password" />
              <input
                type="text"
                name="username"
                value={data.email}
                autoComplete="username"
                class="visually-hidden"
                tabIndex={-1}
                aria-hidden="true"
                readOnly
              />
              <Field
                name="currentPassword"
                label="Current password"
                type="password"
                autoComplete="current-password"
                required
                error={pw.currentPassword}
              />
              <PasswordStrength
                name="newPassword"
                label="New password"
                minLength={MIN_PASSWORD}
                email={data.email}
                error={pw.newPassword}
              />
              <div class="form-actions">
                <button type="submit" class="button">Change password</button>
              </div>
            </form>
          </section>
        </div>
      </div>
    </div>
  );
}
