// Reference Socket.IO v4 server for bench/ws_load.ts: the same scenarios as WorkMate's /ws
// (DM pairs and channels as rooms, idle connections) but nothing is stored and nobody is
// authenticated: the client names its user and rooms in the connect payload. "send" gives the
// message the room's next seq (in memory), acknowledges it to the sender, and emits
// "new_message" to the whole room. With REDIS_URL, rooms span instances through
// @socket.io/redis-adapter (the seq is then per instance; the load generator's per-sender
// counter still catches loss and duplicates, so the seq is left out).
//
//   PORT=3000 [HOSTNAME=127.0.0.1] [REDIS_URL=redis://127.0.0.1:6379] node server.js
import { createServer } from "node:http";
import { Server } from "socket.io";

const port = Number(process.env.PORT ?? 3000);
const hostname = process.env.HOSTNAME ?? "127.0.0.1";

const http = createServer((req, res) => {
  if (req.url === "/healthz") {
    res.writeHead(200, { "content-type": "text/plain" });
    return res.end("ok");
  }
  res.writeHead(404);
  res.end();
});

const io = new Server(http, {
  transports: ["websocket"],
  serveClient: false,
  perMessageDeflate: false,
});

const clustered = Boolean(process.env.REDIS_URL);
if (clustered) {
  const { createClient } = await import("redis");
  const { createAdapter } = await import("@socket.io/redis-adapter");
  const pub = createClient({ url: process.env.REDIS_URL });
  const sub = pub.duplicate();
  await Promise.all([pub.connect(), sub.connect()]);
  io.adapter(createAdapter(pub, sub));
}

const seqs = new Map();

io.on("connection", (socket) => {
  const { userId, rooms } = socket.handshake.auth ?? {};
  if (typeof userId !== "string" || !Array.isArray(rooms)) return socket.disconnect(true);
  socket.data.userId = userId;
  socket.join(rooms);
  socket.on("send", (msg, ack) => {
    if (typeof ack !== "function") return;
    if (!msg || typeof msg.room !== "string" || !socket.rooms.has(msg.room)) {
      return ack({ error: "forbidden" });
    }
    const seq = (seqs.get(msg.room) ?? 0) + 1;
    seqs.set(msg.room, seq);
    ack({ seq });
    // The whole room, sender included: WorkMate echoes each message to the sender's sockets
    // too (multi-device sync), so both servers do the same fan-out.
    io.to(msg.room).emit("new_message", {
      room: msg.room,
      // Per instance with Redis, so only meaningful (and only sent) on one instance.
      seq: clustered ? undefined : seq,
      senderId: userId,
      clientMsgId: msg.clientMsgId,
      content: msg.content,
      createdAt: new Date().toISOString(),
    });
  });
});

http.listen(port, hostname, () => {
  process.stdout.write(JSON.stringify({ msg: "listening", port }) + "\n");
});

const stop = () => io.close(() => process.exit(0));
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
