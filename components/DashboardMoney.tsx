/**
 * Money on a dashboard, per currency, from the ledger: for a client what is held, released and
 * paid directly (and what is still to fund or pay); for a worker what they earned, by month.
 * The platform fee line is always there, and always 0.
 */
import { formatMoney } from "@/lib/schemas/proposals.ts";
import type { EarningsMonth, MoneyRow } from "@/server/dashboard/types.ts";
import { DashboardCard, DashboardEmpty } from "./DashboardCard.tsx";

function Line({ label, minor, currency, hint }: {
  label: string;
  minor: number;
  currency: string;
  hint?: string;
}) {
  return (
    <div>
      <dt>
        {label}
        {hint && <span class="dash-hint">{hint}</span>}
      </dt>
      <dd>{formatMoney(minor, currency)}</dd>
    </div>
  );
}

function Fee() {
  return (
    <p class="dash-fee">
      Platform fee: <strong>0</strong> <span class="muted">— zero commission, always.</span>
    </p>
  );
}

export function DashboardPayments({ rows }: { rows: MoneyRow[] }) {
  return (
    <DashboardCard id="payments" title="Payments">
      {rows.length === 0
        ? <DashboardEmpty>No payments yet.</DashboardEmpty>
        : rows.map((r) => (
          <div class="dash-money" data-currency={r.currency}>
            {rows.length > 1 && <h3 class="dash-money-currency">{r.currency}</h3>}
            <dl class="facts">
              <Line
                label="Funds held"
                minor={r.held}
                currency={r.currency}
                hint="set aside, released when you approve"
              />
              <Line label="Released" minor={r.released} currency={r.currency} />
              <Line label="Paid directly" minor={r.paidDirectly} currency={r.currency} />
              {r.awaitingConfirmation > 0 && (
                <Line
                  label="Marked paid"
                  minor={r.awaitingConfirmation}
                  currency={r.currency}
                  hint="waiting for the worker to confirm"
                />
              )}
              {r.toFund > 0 && (
                <Line
                  label="Still to fund"
                  minor={r.toFund}
                  currency={r.currency}
                />
              )}
              {r.toPay > 0 && (
                <Line
                  label="To pay directly"
                  minor={r.toPay}
                  currency={r.currency}
                />
              )}
              {r.refunded > 0 && (
                <Line label="Refunded to you" minor={r.refunded} currency={r.currency} />
              )}
            </dl>
          </div>
        ))}
      <Fee />
      <p class="dash-footnote muted">
        “Funds held” is money set aside through WorkMate's manual provider, not a licensed escrow
        service.
      </p>
    </DashboardCard>
  );
}

const MONTH = new Intl.DateTimeFormat("en-GB", {
  month: "short",
  year: "numeric",
  timeZone: "UTC",
});
const monthLabel = (m: string) => MONTH.format(new Date(`${m}-01T00:00:00Z`));

export function DashboardEarnings(
  { rows, months }: { rows: MoneyRow[]; months: EarningsMonth[] },
) {
  const earned = rows.filter((r) => r.released + r.paidDirectly > 0);
  const max = new Map<string, number>();
  for (const m of months) max.set(m.currency, Math.max(max.get(m.currency) ?? 0, m.amountMinor));
  return (
    <DashboardCard id="earnings" title="Earnings">
      {earned.length === 0
        ? (
          <DashboardEmpty>
            Nothing earned yet. What clients pay you arrives in full.
          </DashboardEmpty>
        )
        : (
          <ul class="dash-totals">
            {earned.map((r) => (
              <li data-currency={r.currency}>
                <span class="dash-total-label">Total earned</span>
                <strong class="dash-total">
                  {formatMoney(r.released + r.paidDirectly, r.currency)}
                </strong>
              </li>
            ))}
          </ul>
        )}
      {rows.length > 0 && (
        <dl class="facts">
          {rows.map((r) => (
            <>
              <Line
                label={`Released from funds held${rows.length > 1 ? ` (${r.currency})` : ""}`}
                minor={r.released}
                currency={r.currency}
              />
              <Line label="Paid directly" minor={r.paidDirectly} currency={r.currency} />
              {r.held > 0 && (
                <Line
                  label="Held for you now"
                  minor={r.held}
                  currency={r.currency}
                  hint="released when the client approves"
                />
              )}
              {r.awaitingConfirmation > 0 && (
                <Line
                  label="Marked paid"
                  minor={r.awaitingConfirmation}
                  currency={r.currency}
                  hint="confirm once it arrives"
                />
              )}
            </>
          ))}
        </dl>
      )}
      <Fee />
      {months.length > 0 && (
        <>
          <h3 class="dash-subhead">By month</h3>
          <ul class="dash-months">
            {months.map((m) => (
              <li data-month={m.month}>
                <span class="dash-month">{monthLabel(m.month)}</span>
                <progress
                  class="dash-bar"
                  value={m.amountMinor}
                  max={max.get(m.currency) || 1}
                  aria-hidden="true"
                />
                <span class="dash-month-amount">{formatMoney(m.amountMinor, m.currency)}</span>
              </li>
            ))}
          </ul>
        </>
      )}
    </DashboardCard>
  );
}
