/** A minimal SMTP server on loopback that accepts every message and keeps it for assertions. */
export interface ReceivedMail {
  from: string;
  to: string[];
  data: string;
}

export function startFakeSmtp() {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const received: ReceivedMail[] = [];
  const waiters: (() => void)[] = [];
  const encoder = new TextEncoder();

  async function serve(conn: Deno.Conn) {
    const write = (line: string) => conn.write(encoder.encode(line + "\r\n"));
    const decoder = new TextDecoder();
    let buffer = "";
    let inData = false;
    let current: ReceivedMail = { from: "", to: [], data: "" };
    await write("220 fake-smtp ready");
    const chunk = new Uint8Array(64 * 1024);
    while (true) {
      const n = await conn.read(chunk).catch(() => null);
      if (n === null) break;
      buffer += decoder.decode(chunk.subarray(0, n));
      while (true) {
        if (inData) {
          const end = buffer.indexOf("\r\n.\r\n");
          if (end === -1) break;
          current.data = buffer.slice(0, end);
          buffer = buffer.slice(end + 5);
          inData = false;
          received.push(current);
          current = { from: "", to: [], data: "" };
          waiters.splice(0).forEach((w) => w());
          await write("250 queued");
          continue;
        }
        const eol = buffer.indexOf("\r\n");
        if (eol === -1) break;
        const line = buffer.slice(0, eol);
        buffer = buffer.slice(eol + 2);
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === "EHLO" || verb === "HELO") await write("250 fake-smtp");
        else if (verb === "MAIL") (current.from = line), await write("250 ok");
        else if (verb === "RCPT") current.to.push(line), await write("250 ok");
        else if (verb === "DATA") (inData = true), await write("354 go ahead");
        else if (verb === "QUIT") {
          await write("221 bye");
          conn.close();
          return;
        } else await write("250 ok");
      }
    }
    try {
      conn.close();
    } catch { /* already closed */ }
  }

  (async () => {
    for await (const conn of listener) serve(conn);
  })().catch(() => {});

  const port = (listener.addr as Deno.NetAddr).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    /** Resolves once at least `n` messages have arrived. */
    async waitFor(n: number) {
      while (received.length < n) await new Promise<void>((r) => waiters.push(r));
    },
    close: () => listener.close(),
  };
}
