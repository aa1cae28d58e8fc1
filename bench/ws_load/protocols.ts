/**
 * The two wire protocols the load workers speak, behind one small interface: WorkMate's /ws
 * (JSON frames, bearer token at the handshake) and Socket.IO v4 spoken raw (engine.io v4 over
 * a WebSocket: `0` open, `2`/`3` ping/pong, `40` connect, `42` event, `43` ack), so both
 * targets are driven by the same Deno WebSocket clients and the numbers compare.
 */
import type { ClientSpec, Target } from "./shared.ts";

/** What a protocol reports to the worker. */
export interface ProtocolEvents {
  ready(): void;
  ack(conversation: string, seq: number): void;
  sendError(kind: string): void;
  delivery(conversation: string, seq: number | null, content: string): void;
}

export interface ProtocolClient {
  send(conversation: string, clientMsgId: string, content: string): void;
}

/** Opens the socket for `spec` on `base` (ws://host:port) and wires its frames to `events`. */
export function openClient(
  target: Target,
  base: string,
  spec: ClientSpec,
  events: ProtocolEvents,
): { socket: WebSocket; client: ProtocolClient } {
  return target === "workmate"
    ? openWorkMate(base, spec, events)
    : openSocketIo(base, spec, events);
}

function openWorkMate(base: string, spec: ClientSpec, events: ProtocolEvents) {
  // Deno's WebSocket takes handshake headers (not in the DOM typings it shares).
  const socket = new WebSocket(`${base}/ws`, {
    headers: { authorization: `Bearer ${spec.token}` },
  } as unknown as string[]);
  socket.onmessage = (e) => {
    const frame = JSON.parse(e.data as string);
    switch (frame.type) {
      case "new_message":
        return events.delivery(
          frame.message.conversationId,
          frame.message.seq,
          frame.message.content,
        );
      case "ack":
        return events.ack(frame.conversationId, frame.seq);
      case "ping":
        return socket.send(JSON.stringify({ type: "pong", t: frame.t }));
      case "authenticated":
        return events.ready();
      case "error":
        if (frame.ref) events.sendError(frame.code);
        return;
    }
  };
  return {
    socket,
    client: {
      send(conversationId: string, clientMsgId: string, content: string) {
        socket.send(JSON.stringify({ type: "send_message", conversationId, clientMsgId, content }));
      },
    },
  };
}

function openSocketIo(base: string, spec: ClientSpec, events: ProtocolEvents) {
  const socket = new WebSocket(`${base}/socket.io/?EIO=4&transport=websocket`);
  let nextAck = 1;
  const acks = new Map<number, string>();
  socket.onmessage = (e) => {
    const data = e.data as string;
    switch (data[0]) {
      case "0": // engine.io open: connect to the default namespace with our auth payload
        return socket.send(
          `40${
            JSON.stringify({ userId: spec.userId, index: spec.index, rooms: spec.conversations })
          }`,
        );
      case "2":
        return socket.send("3");
      case "4":
        break;
      default:
        return;
    }
    const kind = data[1];
    if (kind === "0") return events.ready();
    if (kind === "4") return socket.close();
    if (kind === "3") {
      const bracket = data.indexOf("[");
      const id = Number(data.slice(2, bracket));
      const conversation = acks.get(id);
      acks.delete(id);
      const [answer] = JSON.parse(data.slice(bracket));
      if (conversation === undefined) return;
      if (answer?.error) return events.sendError(answer.error);
      return events.ack(conversation, answer.seq);
    }
    if (kind === "2") {
      const [name, payload] = JSON.parse(data.slice(2));
      if (name === "new_message") {
        events.delivery(payload.room, payload.seq ?? null, payload.content);
      }
    }
  };
  return {
    socket,
    client: {
      send(room: string, clientMsgId: string, content: string) {
        const id = nextAck++;
        acks.set(id, room);
        socket.send(`42${id}${JSON.stringify(["send", { room, clientMsgId, content }])}`);
      },
    },
  };
}
