/**
 * The bus across instances, on Redis pub/sub. Each topic is its own Redis channel
 * (`wm:bus:<topic>`): an instance SUBSCRIBEs when its first local handler of a topic arrives and
 * UNSUBSCRIBEs when the last goes (the hub lingers a few seconds first), so it receives only
 * what its own connections need. docs/architecture.md ("Scaling out") has the measurement
 * behind per-topic channels rather than a few shared ones.
 *
 * Local handlers are called directly, as the memory bus does, and the event also goes to Redis
 * tagged with this instance's id; the echo Redis sends back to our own subscriber is skipped.
 * So each handler sees an event exactly once, and local delivery keeps working while Redis is
 * down. Publishing is at-most-once: while Redis is away remote instances miss events, and
 * clients recover them through seq sync (the gateway tells them when, see onGap).
 */
import type { BusEvent, Topic } from "@/lib/events.ts";
import { REDIS_PREFIX, type RedisLink } from "@/server/redis/link.ts";
import { type Bus, createMemoryBus } from "./bus.ts";

const CHANNEL_PREFIX = `${REDIS_PREFIX}bus:`;

interface Envelope {
  /** The publishing instance. */
  o: string;
  e: BusEvent;
}

export interface RedisBusOptions {
  instanceId: string;
  onError?: (err: unknown, event: BusEvent) => void;
  /** A publish Redis did not take (down or failing): it reaches this instance only. */
  onDropped?: (topic: Topic, err: unknown) => void;
}

export function createRedisBus(link: RedisLink, options: RedisBusOptions): Bus {
  const local = createMemoryBus(options.onError);
  /** Local handlers per topic: the first one subscribes the channel, the last unsubscribes. */
  const counts = new Map<Topic, number>();
  const dropped = options.onDropped ?? (() => {});

  const onMessage = (channel: string, raw: string) => {
    if (!channel.startsWith(CHANNEL_PREFIX)) return;
    let envelope: Envelope;
    try {
      envelope = JSON.parse(raw);
    } catch {
      return;
    }
    // Our own events were delivered locally when published.
    if (envelope.o === options.instanceId) return;
    void local.publish(channel.slice(CHANNEL_PREFIX.length) as Topic, envelope.e);
  };
  link.subscriber.on("message", onMessage);

  const ignore = () => {
    // The health watch reports the outage; autoResubscribe restores the channel list.
  };

  return {
    async publish(topic, event) {
      await local.publish(topic, event);
      if (!link.isUp()) return dropped(topic, new Error("redis is down"));
      const envelope: Envelope = { o: options.instanceId, e: event };
      // Not awaited: ioredis writes commands in call order, so events of a topic stay in order,
      // and a slow Redis never holds up the publisher (its own clients already have the event).
      link.commands.publish(CHANNEL_PREFIX + topic, JSON.stringify(envelope))
        .catch((err) => dropped(topic, err));
    },
    subscribe(topic, handler) {
      const off = local.subscribe(topic, handler);
      const n = (counts.get(topic) ?? 0) + 1;
      counts.set(topic, n);
      if (n === 1) link.subscriber.subscribe(CHANNEL_PREFIX + topic).catch(ignore);
      let done = false;
      return () => {
        if (done) return;
        done = true;
        off();
        const left = (counts.get(topic) ?? 1) - 1;
        if (left > 0) return void counts.set(topic, left);
        counts.delete(topic);
        link.subscriber.unsubscribe(CHANNEL_PREFIX + topic).catch(ignore);
      };
    },
    onGap: (listener) => link.onRecovered(listener),
    async close() {
      link.subscriber.off("message", onMessage);
      counts.clear();
      await local.close();
    },
  };
}
