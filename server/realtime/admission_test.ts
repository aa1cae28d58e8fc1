import assert from "node:assert/strict";
import { createAdmission } from "./admission.ts";

Deno.test("admission - runs at most N at once, the rest in arrival order", async () => {
  const admission = createAdmission(() => 2);
  let running = 0;
  let peak = 0;
  const started: number[] = [];
  const gates = Array.from({ length: 5 }, () => Promise.withResolvers<void>());
  const runs = gates.map((gate, i) =>
    admission.run(async () => {
      started.push(i);
      running++;
      peak = Math.max(peak, running);
      await gate.promise;
      running--;
      return i;
    })
  );
  await Promise.resolve();
  assert.deepEqual(started, [0, 1]);
  assert.equal(admission.waiting, 3);
  gates[1].resolve();
  await runs[1];
  await Promise.resolve();
  assert.deepEqual(started, [0, 1, 2]);
  for (const gate of gates) gate.resolve();
  assert.deepEqual(await Promise.all(runs), [0, 1, 2, 3, 4]);
  assert.deepEqual(started, [0, 1, 2, 3, 4]);
  assert.equal(peak, 2);
  assert.equal(admission.waiting, 0);
});

Deno.test("admission - a task that throws frees its slot", async () => {
  const admission = createAdmission(() => 1);
  const failed = admission.run(() => Promise.reject(new Error("boom")));
  const next = admission.run(() => Promise.resolve("next"));
  await assert.rejects(failed, /boom/);
  assert.equal(await next, "next");
  assert.equal(admission.waiting, 0);
});
