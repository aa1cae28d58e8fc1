/**
 * The `manual` provider: nothing is charged or paid out by WorkMate. The client declares a
 * milestone funded (money set aside, recorded as funds held) or paid directly; the worker
 * confirms receipt. Every answer succeeds with a reference naming the milestone and action.
 */
import type { PaymentContext, PaymentProvider, PaymentResult } from "./provider.ts";

function declared(ctx: PaymentContext): Promise<PaymentResult> {
  return Promise.resolve({ status: "succeeded", reference: `manual:${ctx.idempotencyKey}` });
}

export const manualProvider: PaymentProvider = {
  name: "manual",
  fund: declared,
  release: declared,
  refund: declared,
  markPaid: declared,
};
