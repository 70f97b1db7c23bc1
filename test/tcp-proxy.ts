// A loopback TCP proxy that a test can cut and restore, to play a database that goes away.
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

export async function startTcpProxy(
  targetHost: string,
  targetPort: number,
): Promise<{ port: number; down: () => void; hang: () => void; up: () => void; close: () => Promise<void> }> {
  let open = true;
  let silent = false;
  const sockets = new Set<Socket>();
  const pairs: Array<[Socket, Socket]> = [];
  const server: Server = createServer((client) => {
    if (silent) {
      // A database behind a dropped network: the connection is accepted, nothing ever comes back.
      sockets.add(client);
      client.on('close', () => sockets.delete(client));
      client.on('error', () => undefined);
      return;
    }
    if (!open) return client.destroy();
    const upstream = createConnection(targetPort, targetHost);
    pairs.push([client, upstream]);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => undefined);
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    down: () => {
      open = false;
      for (const s of sockets) s.destroy();
    },
    hang: () => {
      silent = true;
      // Open connections stay open on the client's side; nothing reaches or leaves the database.
      for (const [client, upstream] of pairs.splice(0)) {
        client.unpipe(upstream);
        upstream.unpipe(client);
        upstream.destroy();
      }
    },
    up: () => {
      open = true;
      silent = false;
    },
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
