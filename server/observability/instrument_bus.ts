/**
 * Wraps any Bus (memory or Redis) to time its publishes. Labels name the topic's kind
 * (`user`, `conversation`, …), never the id, so the series stay few.
 */
import type { Bus } from "@/server/bus/bus.ts";
import type { AppMetrics } from "./metrics.ts";

export function instrumentBus<B extends Bus>(bus: B, metrics: AppMetrics): B {
  const publish: Bus["publish"] = async (topic, event) => {
    const labels = { topic: topic.split(":", 1)[0] };
    const started = performance.now();
    try {
      await bus.publish(topic, event);
    } catch (err) {
      metrics.busPublishErrors.inc(labels);
      throw err;
    } finally {
      metrics.busPublish.observe(labels, (performance.now() - started) / 1000);
    }
  };
  // A Proxy rather than a copy: a bus class may have more methods (status, health) and private
  // fields, so every other member is forwarded bound to the real bus.
  return new Proxy(bus, {
    get(target, prop) {
      if (prop === "publish") return publish;
      const value = Reflect.get(target, prop, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}
