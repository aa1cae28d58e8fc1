/**
 * An SMTP server on loopback that receives a message and then holds its "250" reply until the
 * test opens the gate: a mail job stays "being processed" for exactly as long as a test needs.
 */
export function startGatedSmtp() {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const gate = Promise.withResolvers<void>();
  const dataReceived = Promise.withResolvers<void>();
  let delivered = 0;
  const encoder = new TextEncoder();

  async function serve(conn: Deno.Conn) {
    const write = (line: string) => conn.write(encoder.encode(line + "\r\n")).catch(() => 0);
    const decoder = new TextDecoder();
    let buffer = "";
    let inData = false;
    await write("220 gated-smtp ready");
    const chunk = new Uint8Array(64 * 1024);
    while (true) {
      const n = await conn.read(chunk).catch(() => null);
      if (n === null) break;
      buffer += decoder.decode(chunk.subarray(0, n));
      while (true) {
        if (inData) {
          const end = buffer.indexOf("\r\n.\r\n");
          if (end === -1) break;
          buffer = buffer.slice(end + 5);
          inData = false;
          dataReceived.resolve();
          await gate.promise;
          delivered++;
          await write("250 queued");
          continue;
        }
        const eol = buffer.indexOf("\r\n");
        if (eol === -1) break;
        const verb = buffer.slice(0, 4).toUpperCase();
        buffer = buffer.slice(eol + 2);
        if (verb === "DATA") (inData = true), await write("354 go ahead");
        else if (verb === "QUIT") return void (await write("221 bye"), conn.close());
        else await write(verb === "EHLO" || verb === "HELO" ? "250 gated-smtp" : "250 ok");
      }
    }
    try {
      conn.close();
    } catch { /* already closed */ }
  }

  (async () => {
    for await (const conn of listener) serve(conn);
  })().catch(() => {});

  return {
    url: `smtp://127.0.0.1:${(listener.addr as Deno.NetAddr).port}`,
    /** Resolves when a message's data has arrived (its sender now waits for the reply). */
    dataReceived: dataReceived.promise,
    /** Lets every held message, and every later one, through. */
    open: () => gate.resolve(),
    get delivered() {
      return delivered;
    },
    close: () => listener.close(),
  };
}
