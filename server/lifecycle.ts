/** Applies a lifecycle transition from lib/lifecycles.ts, or refuses it with 409. */
import { type Actor, type Machine, nextState } from "@/lib/lifecycles.ts";
import { HttpError } from "@/server/errors.ts";

export function transition<S extends string, A extends string>(
  machine: Machine<S, A>,
  state: S,
  action: A,
  actor: Actor,
): S {
  const next = nextState(machine, state, action, actor);
  if (next === null) {
    const verb = String(action).replace(/_/g, " ");
    throw new HttpError(
      "invalid-transition",
      `You cannot ${verb} a ${machine.name} that is ${String(state).replace(/_/g, " ")}.`,
    );
  }
  return next;
}
