/**
 * The probe's clients, in their own process so their memory is not the server's: opens a
 * socket per token (bearer at the handshake), waits for `authenticated` on each, prints
 * "connected <n>" and then stays open until killed.
 */
const [url, tokensPath] = Deno.args;
const tokens: string[] = JSON.parse(await Deno.readTextFile(tokensPath));
const sockets: WebSocket[] = [];
let authenticated = 0;
const CONCURRENCY = 50;
let next = 0;
async function connectOne(token: string) {
  const socket = new WebSocket(url, {
    headers: { authorization: `Bearer ${token}` },
  } as unknown as string[]);
  sockets.push(socket);
  await new Promise<void>((resolve, reject) => {
    socket.onmessage = (e) => {
      const frame = JSON.parse(e.data);
      if (frame.type === "authenticated") resolve();
      if (frame.type === "ping") socket.send(JSON.stringify({ type: "pong", t: frame.t }));
    };
    socket.onclose = (e) => reject(new Error(`closed ${e.code}`));
  });
  authenticated++;
}
await Promise.all(
  Array.from({ length: CONCURRENCY }, async () => {
    while (next < tokens.length) await connectOne(tokens[next++]);
  }),
);
Deno.stdout.writeSync(new TextEncoder().encode(`connected ${authenticated}\n`));
await new Promise(() => {});
