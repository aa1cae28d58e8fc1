/** Clients that behave like non-browser API callers. */
import type { TestClient, TestServer } from "./server.ts";

/**
 * A client like a mobile app or script: no Origin header and no cookie jar (Set-Cookie is
 * ignored), authenticating with `bearer` only.
 */
export function apiClient(server: TestServer, bearer?: string, ip?: string): TestClient {
  const client = server.client({ origin: null, ip });
  client.bearer = bearer;
  const send = client.request.bind(client);
  client.request = async (...args: Parameters<TestClient["request"]>) => {
    const res = await send(...args);
    client.cookies.clear();
    return res;
  };
  return client;
}
