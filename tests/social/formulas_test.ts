import assert from "node:assert/strict";
import {
  averageRating,
  classifyContract,
  DAY_MS,
  DIRECT_PAYMENT_GRACE_DAYS,
  hasEnoughHistory,
  isPaidOut,
  isReviewVisible,
  jobSuccess,
  median,
  medianDelay,
  type MilestoneMoneyInput,
  paymentReliability,
  paymentTiming,
  REVIEW_REVEAL_DAYS,
  sumByCurrency,
  workerScore,
} from "@/server/reputation/formulas.ts";

Deno.test("formulas - median", () => {
  const cases: [number[], number | null][] = [
    [[], null],
    [[7], 7],
    [[3, 1, 2], 2],
    [[4, 1, 3, 2], 2.5],
    [[10, 10, 1000], 10],
    [[-1, 1], 0],
  ];
  for (const [values, expected] of cases) assert.equal(median(values), expected, `${values}`);
});

Deno.test("formulas - median delay counts only answered pairs", () => {
  const cases: [{ from: number; to: number | null }[], { ms: number; samples: number } | null][] = [
    [[], null],
    [[{ from: 0, to: null }], null],
    [[{ from: 0, to: 10 }, { from: 5, to: null }], { ms: 10, samples: 1 }],
    [[{ from: 0, to: 10 }, { from: 0, to: 30 }], { ms: 20, samples: 2 }],
    [[{ from: 100, to: 50 }, { from: 0, to: 1 }], { ms: 1, samples: 1 }],
  ];
  for (const [pairs, expected] of cases) {
    assert.deepEqual(medianDelay(pairs), expected, JSON.stringify(pairs));
  }
});

Deno.test("formulas - average rating", () => {
  assert.equal(averageRating([]), null);
  assert.equal(averageRating([5]), 5);
  assert.equal(averageRating([4, 5]), 4.5);
  assert.equal(averageRating([5, 4, 4]), 4.33);
});

Deno.test("formulas - contract outcomes and job success", () => {
  const c = (status: "active" | "disputed" | "completed" | "cancelled", everDisputed = false) => ({
    status,
    everDisputed,
  });
  const outcomes: [ReturnType<typeof c>, string][] = [
    [c("completed"), "success"],
    [c("completed", true), "disputed"],
    [c("cancelled"), "cancelled"],
    [c("cancelled", true), "disputed"],
    [c("disputed", true), "disputed"],
    [c("active"), "open"],
  ];
  for (const [input, expected] of outcomes) assert.equal(classifyContract(input), expected);

  const cases: [ReturnType<typeof c>[], number | null][] = [
    [[], null],
    [[c("active")], null],
    [[c("completed")], 1],
    [[c("completed"), c("active")], 1],
    [[c("completed"), c("cancelled")], 0.5],
    [[c("completed"), c("completed", true), c("completed"), c("cancelled")], 0.5],
    [[c("disputed", true)], 0],
  ];
  for (const [contracts, expected] of cases) {
    assert.equal(jobSuccess(contracts), expected, JSON.stringify(contracts));
  }
});

Deno.test("formulas - the score needs 2 completed contracts with 2 different clients", () => {
  const cases: [string[], boolean][] = [
    [[], false],
    [["a"], false],
    [["a", "a"], false],
    [["a", "a", "a"], false],
    [["a", "b"], true],
    [["a", "a", "b"], true],
  ];
  for (const [clients, expected] of cases) {
    assert.equal(hasEnoughHistory(clients), expected, `${clients}`);
    const score = workerScore({ completedClientIds: clients, jobSuccess: 1, averageRating: 5 });
    assert.equal(score.status, expected ? "scored" : "new");
    assert.equal(score.score, expected ? 100 : null);
  }
});

Deno.test("formulas - score weighs job success and rating", () => {
  const two = ["a", "b"];
  const cases: [number, number | null, number][] = [
    [1, 5, 100],
    [1, 1, 50],
    [0.5, 3, 50],
    [0.9, 4.6, 90],
    [0.8, null, 80],
    [0, 1, 0],
  ];
  for (const [success, rating, expected] of cases) {
    const s = workerScore({ completedClientIds: two, jobSuccess: success, averageRating: rating });
    assert.deepEqual(s, { status: "scored", score: expected }, `${success} ${rating}`);
  }
});

Deno.test("formulas - review visibility", () => {
  const done = Date.UTC(2030, 0, 1);
  const reveal = done + REVIEW_REVEAL_DAYS * DAY_MS;
  const cases: [number, number | null, number, boolean][] = [
    [1, done, done, false],
    [1, done, reveal - 1, false],
    [1, done, reveal, true],
    [2, done, done, true],
    [1, null, reveal * 2, false],
  ];
  for (const [count, completedAt, now, expected] of cases) {
    assert.equal(
      isReviewVisible({ reviewsOnContract: count, completedAt }, now),
      expected,
      `${count} ${completedAt} ${now}`,
    );
  }
});

Deno.test("formulas - paid out and totals per currency", () => {
  assert.equal(isPaidOut({ paymentMode: "escrow", status: "released" }), true);
  assert.equal(isPaidOut({ paymentMode: "escrow", status: "funded" }), false);
  assert.equal(isPaidOut({ paymentMode: "direct", status: "paid" }), true);
  assert.equal(isPaidOut({ paymentMode: "direct", status: "released" }), true);
  assert.equal(isPaidOut({ paymentMode: "direct", status: "approved" }), false);
  assert.deepEqual(
    sumByCurrency([
      { amountMinor: 100, currency: "USD" },
      { amountMinor: 5, currency: "EUR" },
      { amountMinor: 50, currency: "USD" },
    ]),
    [{ amountMinor: 5, currency: "EUR" }, { amountMinor: 150, currency: "USD" }],
  );
});

Deno.test("formulas - payment timing and reliability", () => {
  const due = Date.UTC(2030, 0, 10);
  const now = due + 30 * DAY_MS;
  const grace = DIRECT_PAYMENT_GRACE_DAYS * DAY_MS;
  const m = (over: Partial<MilestoneMoneyInput>): MilestoneMoneyInput => ({
    paymentMode: "escrow",
    status: "released",
    amountMinor: 100,
    currency: "USD",
    dueAt: due,
    fundedAt: null,
    submittedAt: null,
    paidAt: null,
    ...over,
  });
  const cases: [string, MilestoneMoneyInput, number, string][] = [
    ["escrow funded before due", m({ fundedAt: due - 1 }), now, "on_time"],
    ["escrow funded on due", m({ fundedAt: due }), now, "on_time"],
    ["escrow funded late", m({ fundedAt: due + 1 }), now, "late"],
    ["escrow never funded, past due", m({ status: "pending" }), now, "late"],
    ["escrow not funded, not yet due", m({ status: "pending" }), due - 1, "not_due"],
    ["escrow funded early, not yet due", m({ fundedAt: due - 5 }), due - 1, "on_time"],
    ["no due date", m({ dueAt: null, fundedAt: now }), now, "not_due"],
    ["refunded", m({ status: "refunded", fundedAt: due + 5 }), now, "not_due"],
    ["direct, nothing delivered", m({ paymentMode: "direct", status: "pending" }), now, "not_due"],
    [
      "direct paid within grace of a late delivery",
      m({
        paymentMode: "direct",
        status: "paid",
        submittedAt: due + DAY_MS,
        paidAt: due + DAY_MS + grace,
      }),
      now,
      "on_time",
    ],
    [
      "direct paid after the grace",
      m({
        paymentMode: "direct",
        status: "paid",
        submittedAt: due + DAY_MS,
        paidAt: due + DAY_MS + grace + 1,
      }),
      now,
      "late",
    ],
    [
      "direct early delivery, paid by due date",
      m({ paymentMode: "direct", status: "released", submittedAt: due - 10 * DAY_MS, paidAt: due }),
      now,
      "on_time",
    ],
    [
      "direct delivered, unpaid, deadline passed",
      m({ paymentMode: "direct", status: "approved", submittedAt: due - DAY_MS }),
      now,
      "late",
    ],
  ];
  for (const [label, milestone, at, expected] of cases) {
    assert.equal(paymentTiming(milestone, at), expected, label);
  }
  // At `now`, the two "not yet due" cases are due too: one is late, one was funded on time.
  const all = cases.map(([, milestone]) => milestone);
  assert.deepEqual(paymentReliability(all, now), { onTime: 5, due: 10, reliability: 0.5 });
  assert.equal(paymentReliability([], now).reliability, null);
});
