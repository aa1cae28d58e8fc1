/**
 * The payment-provider interface. A milestone names its provider (milestones.provider); the
 * milestone use cases ask the registry for it and call it inside the transaction that changes
 * the milestone, then record the movement in the ledger (ledger.ts).
 *
 * This issue ships `manual` (manual.ts): the parties declare what happened and nothing is
 * called. Stripe or Razorpay implement the same interface later; a provider that needs the
 * payer to complete a step elsewhere (3-D Secure, a hosted checkout) answers
 * `requires_action` with a URL, and the milestone then stays where it is until the provider's
 * webhook confirms (that flow arrives with the first real provider; until then such an answer
 * is refused with 409, changing nothing).
 */
import type { Contract, Milestone } from "@/db/schema_contracts.ts";

export interface PaymentContext {
  milestone: Milestone;
  contract: Contract;
  /** Who asked: the client (fund, mark-paid), the worker, an admin or the system. */
  actorId: string | null;
  now: number;
  /** Stable per milestone and action: a provider uses it so a retried call charges once. */
  idempotencyKey: string;
}

export type PaymentResult =
  | { status: "succeeded"; reference: string }
  | { status: "requires_action"; reference: string; actionUrl: string }
  | { status: "failed"; reason: string };

export interface PaymentProvider {
  readonly name: string;
  /** Escrow: take the milestone amount from the client and hold it ("funds held"). */
  fund(ctx: PaymentContext): Promise<PaymentResult>;
  /** Escrow: pay the held amount out to the worker. */
  release(ctx: PaymentContext): Promise<PaymentResult>;
  /** Escrow: return the held amount to the client. */
  refund(ctx: PaymentContext): Promise<PaymentResult>;
  /** Direct: the client paid outside the platform (a provider may verify it). */
  markPaid?(ctx: PaymentContext): Promise<PaymentResult>;
}

export type ProviderRegistry = Readonly<Record<string, PaymentProvider>>;
