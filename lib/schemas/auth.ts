/**
 * Account schemas, shared by the API (validation + OpenAPI) and the browser (inline validation).
 * Strict objects: an unknown field is an error, not silently dropped.
 */
import { z } from "zod";

export const MIN_PASSWORD = 10;
export const ROLES = ["client", "worker"] as const;

export const Email = z.string().trim().toLowerCase().max(254).pipe(
  z.email({ message: "Enter a valid email address." }),
).meta({ format: "email" });
export const Password = z.string()
  .min(MIN_PASSWORD, { message: `Use at least ${MIN_PASSWORD} characters.` })
  .max(256, { message: "Use at most 256 characters." });
export const DisplayName = z.string().trim().min(1, { message: "Enter your name." }).max(80);
export const Role = z.enum(ROLES);

const notEmail = (email: string, password: string) =>
  password.trim().toLowerCase() !== email.trim().toLowerCase();
const passwordIsEmail = {
  message: "Your password cannot be your email address.",
  path: ["password"],
};

export const RegisterBody = z.strictObject({
  email: Email,
  password: Password,
  displayName: DisplayName,
  role: Role,
}).refine((b) => notEmail(b.email, b.password), passwordIsEmail).meta({ id: "RegisterBody" });

export const LoginBody = z.strictObject({
  email: Email,
  password: z.string().min(1, { message: "Enter your password." }).max(256),
}).meta({ id: "LoginBody" });

export const RefreshBody = z.strictObject({
  refreshToken: z.string().min(1).max(200).optional()
    .describe("Omit when the refresh cookie is sent."),
}).meta({ id: "RefreshBody" });

export const EmailBody = z.strictObject({ email: Email }).meta({ id: "EmailBody" });

export const ResetPasswordBody = z.strictObject({
  token: z.string().min(1).max(200),
  password: Password,
}).meta({ id: "ResetPasswordBody" });

export const ChangePasswordBody = z.strictObject({
  currentPassword: z.string().min(1).max(256),
  newPassword: Password,
}).refine((b) => b.currentPassword !== b.newPassword, {
  message: "Choose a password different from the current one.",
  path: ["newPassword"],
}).meta({ id: "ChangePasswordBody" });

export const VerifyEmailQuery = z.strictObject({ token: z.string().min(1).max(200) });

export const Money = z.strictObject({
  amountMinor: z.int().min(0).max(1_000_000_000).describe("Integer minor units (cents)."),
  currency: z.string().regex(/^[A-Z]{3}$/, { message: "Use a 3-letter ISO currency code." }),
}).meta({ id: "Money" });

export const Location = z.strictObject({
  name: z.string().trim().max(120).default(""),
  lat: z.number().min(-90).max(90),
  lng: z.number().min(-180).max(180),
}).meta({ id: "Location" });

const isTimeZone = (tz: string) => {
  try {
    new Intl.DateTimeFormat("en", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
};

export const Skill = z.string().trim().toLowerCase().min(1).max(40)
  .regex(/^[\p{L}\p{N} .+#/-]+$/u, { message: "Skills use letters, digits, spaces and . + # / -" });

export const ProfilePatch = z.strictObject({
  displayName: DisplayName.optional(),
  headline: z.string().trim().max(120).optional(),
  bio: z.string().trim().max(5000).optional(),
  skills: z.array(Skill).max(30).transform((s) => [...new Set(s)]).optional(),
  hourlyRate: Money.nullable().optional(),
  location: Location.nullable().optional(),
  timezone: z.string().max(64).refine(isTimeZone, {
    message: "Use an IANA time zone such as Europe/Berlin.",
  })
    .nullable().optional(),
}).meta({ id: "ProfilePatch" });

export const PublicUser = z.object({
  id: z.string(),
  displayName: z.string(),
  role: Role,
  headline: z.string(),
  bio: z.string(),
  skills: z.array(z.string()),
  hourlyRate: Money.nullable(),
  location: z.object({ name: z.string(), lat: z.number(), lng: z.number() }).nullable()
    .describe("Coordinates rounded to about 1 km."),
  timezone: z.string().nullable(),
  emailVerified: z.boolean(),
  createdAt: z.string().describe("ISO 8601"),
}).meta({ id: "PublicUser" });

export const Me = PublicUser.extend({
  email: z.string(),
  isAdmin: z.boolean(),
  location: Location.nullable(),
}).meta({ id: "Me" });

export const AuthResult = z.object({
  user: Me,
  accessToken: z.string(),
  refreshToken: z.string(),
  accessTokenExpiresAt: z.string().describe("ISO 8601"),
}).meta({ id: "AuthResult" });

export const Accepted = z.object({ ok: z.literal(true), message: z.string() }).meta({
  id: "Accepted",
});

export type RegisterInput = z.infer<typeof RegisterBody>;
export type ProfilePatchInput = z.infer<typeof ProfilePatch>;
export type PublicUserView = z.infer<typeof PublicUser>;
export type MeView = z.infer<typeof Me>;
