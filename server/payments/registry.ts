/** Which provider handles a milestone: looked up by milestones.provider. */
import { HttpError } from "@/server/errors.ts";
import { manualProvider } from "./manual.ts";
import type { PaymentContext, PaymentProvider, ProviderRegistry } from "./provider.ts";

export const PROVIDERS: ProviderRegistry = { manual: manualProvider };

/** The provider new milestones use until a real one is configured. */
export const DEFAULT_PROVIDER = "manual";

export function getProvider(name: string, registry: ProviderRegistry = PROVIDERS): PaymentProvider {
  const provider = registry[name];
  if (!provider) throw new Error(`No payment provider named "${name}"`);
  return provider;
}

/**
 * Calls one provider operation and returns its reference, or refuses (changing nothing, since
 * the caller's transaction rolls back) when the provider did not complete it.
 */
export async function callProvider(
  op: "fund" | "release" | "refund" | "markPaid",
  ctx: Omit<PaymentContext, "idempotencyKey">,
): Promise<string> {
  const provider = getProvider(ctx.milestone.provider);
  const fn = provider[op]?.bind(provider);
  if (!fn) return `${provider.name}:none`;
  const result = await fn({
    ...ctx,
    idempotencyKey: `${ctx.milestone.id}:${op}:${ctx.milestone.version}`,
  });
  if (result.status === "succeeded") return result.reference;
  if (result.status === "requires_action") {
    throw new HttpError(
      "conflict",
      "The payment provider needs another step, which is not supported yet. Nothing was charged.",
    );
  }
  throw new HttpError("conflict", `The payment did not go through: ${result.reason}`);
}
