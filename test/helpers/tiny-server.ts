import { after } from "node:test";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";

// Servers a test file starts to answer what GitHub never would; closed when the file's tests end,
// their connections too, since some never finish an answer on purpose.
const servers: Server[] = [];
after(() => {
  for (const server of servers) {
    server.closeAllConnections();
    server.close();
  }
});

/** Listens on a free port of 127.0.0.1 until the test file ends; its base URL. */
export async function listening(server: Server): Promise<string> {
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}
