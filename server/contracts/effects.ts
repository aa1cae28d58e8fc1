/**
 * What the marketplace use cases (proposals, contracts, milestones, disputes) need, and the
 * one way they write: `runWrite` opens the transaction, collects the notifications and bus
 * events the change causes, and publishes them only after it commits.
 */
import type { Database, Tx } from "@/db/client.ts";
import type { Notification } from "@/db/schema_social.ts";
import type { BusEvent, Topic } from "@/lib/events.ts";
import type { Bus } from "@/server/bus/bus.ts";
import type { Clock } from "@/server/clock.ts";
import {
  type NotificationInput,
  notify,
  publishNotifications,
} from "@/server/notify/notifications.ts";

export interface MarketDeps {
  db: Database;
  bus: Bus;
  clock: Clock;
}

/** Side effects collected inside a transaction, published after it commits. */
export class Effects {
  readonly notifications: Notification[] = [];
  readonly events: { topic: Topic; event: BusEvent }[] = [];
  constructor(readonly tx: Tx, readonly now: number) {}

  async notify(input: NotificationInput): Promise<void> {
    this.notifications.push(await notify(this.tx, input, this.now));
  }

  emit(topic: Topic, event: BusEvent): void {
    this.events.push({ topic, event });
  }
}

/** Runs `fn` in one write transaction; publishes what it collected once it has committed. */
export async function runWrite<T>(
  deps: MarketDeps,
  fn: (fx: Effects) => Promise<T>,
): Promise<T> {
  const now = deps.clock.now();
  let fx: Effects | undefined;
  const result = await deps.db.write(async (tx) => {
    fx = new Effects(tx, now);
    return await fn(fx);
  });
  if (fx) await publishEffects(deps.bus, fx);
  return result;
}

export async function publishEffects(bus: Bus, fx: Effects): Promise<void> {
  await publishNotifications(bus, fx.notifications);
  for (const { topic, event } of fx.events) await bus.publish(topic, event);
}

export const DAY_MS = 24 * 3600_000;

export const iso = (ms: number | null | undefined): string | null =>
  ms === null || ms === undefined ? null : new Date(ms).toISOString();
