import assert from "node:assert/strict";
import type { BusEvent } from "@/lib/events.ts";
import { createMemoryBus } from "./bus.ts";

function nextEvent(bus: ReturnType<typeof createMemoryBus>, topic: "system" | `user:${string}`) {
  return new Promise<BusEvent>((resolve) => {
    const off = bus.subscribe(topic, (event) => {
      off();
      resolve(event);
    });
  });
}

Deno.test("bus - delivers to subscribers of the topic only, after publish returns", async () => {
  const bus = createMemoryBus();
  const seen: string[] = [];
  bus.subscribe("user:b", () => void seen.push("b"));
  const received = nextEvent(bus, "user:a");
  await bus.publish("user:a", { type: "user.verified", userId: "a" });
  assert.deepEqual(seen, [], "delivery is asynchronous and topic-scoped");
  assert.deepEqual(await received, { type: "user.verified", userId: "a" });
  assert.deepEqual(seen, []);
});

Deno.test("bus - unsubscribe stops delivery; a throwing handler does not affect others", async () => {
  const errors: unknown[] = [];
  const bus = createMemoryBus((err) => errors.push(err));
  let calls = 0;
  const off = bus.subscribe("system", () => void calls++);
  bus.subscribe("system", () => {
    throw new Error("boom");
  });
  const last = nextEvent(bus, "system");
  await bus.publish("system", { type: "user.registered", userId: "u", role: "worker" });
  await last;
  off();
  const again = nextEvent(bus, "system");
  await bus.publish("system", { type: "user.registered", userId: "v", role: "client" });
  await again;
  assert.equal(calls, 1);
  assert.equal(errors.length, 2);
  await bus.close();
});
