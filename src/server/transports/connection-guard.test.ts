import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { guardConnections, type ConnectionGuard } from './connection-guard.js';

const open: Array<{ server: Server; guard: ConnectionGuard; sockets: Socket[] }> = [];

/** A real HTTP server whose handler waits for the test to say when a request may be answered. */
async function start(options: { idleTimeoutMs: number; maxConnections: number }, clock: { at: number }, onBody?: () => void) {
  const server = createServer((req, res) => {
    guard.receiving(req.socket);
    res.on('close', () => guard.answered(req.socket));
    if (req.url === '/slow-body') return void req.on('data', () => onBody?.()); // never answered: stays receiving
    guard.answering(req.socket);
    res.end('ok');
  });
  const guard = guardConnections(server, { ...options, now: () => clock.at, timer: false });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const entry = { server, guard, sockets: [] as Socket[] };
  open.push(entry);
  const port = (server.address() as AddressInfo).port;
  const client = async (first?: string) => {
    const socket = await new Promise<Socket>((resolve) => {
      const s = connect(port, '127.0.0.1', () => resolve(s));
      s.on('error', () => undefined);
    });
    entry.sockets.push(socket);
    if (first) await new Promise<void>((resolve) => socket.write(first, () => resolve()));
    return socket;
  };
  return { server, guard, client };
}

const closed = (socket: Socket) => new Promise<void>((resolve) => (socket.destroyed || socket.readableEnded ? resolve() : socket.once('close', () => resolve())));

/** Waits until the server has seen `count` connections (the 'connection' event runs after connect). */
async function connections(server: Server, count: number): Promise<void> {
  for (;;) {
    const seen = await new Promise<number>((resolve, reject) => server.getConnections((error, n) => (error ? reject(error) : resolve(n))));
    if (seen >= count) return;
    await new Promise((resolve) => setImmediate(resolve));
  }
}

afterEach(async () => {
  for (const { server, guard, sockets } of open.splice(0)) {
    sockets.forEach((s) => s.destroy());
    guard.stop();
    await new Promise((resolve) => server.close(resolve));
  }
});

describe('guardConnections', () => {
  it('closes a silent socket once the idle limit passes, however long the limit (45 s here)', async () => {
    const clock = { at: 0 };
    const { server, guard, client } = await start({ idleTimeoutMs: 45_000, maxConnections: 10 }, clock);
    const silent = await client();
    await connections(server, 1);
    clock.at = 44_000;
    guard.sweep();
    expect(silent.destroyed).toBe(false);
    clock.at = 45_000;
    guard.sweep();
    await closed(silent);
  });

  it('counts bytes as activity: a body that keeps trickling in stays open past the idle limit from its start', async () => {
    const clock = { at: 0 };
    let body: () => void = () => undefined;
    const { server, guard, client } = await start({ idleTimeoutMs: 1_000, maxConnections: 10 }, clock, () => body());
    const talking = await client('POST /slow-body HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n');
    await connections(server, 1);
    while (guard.inFlight() < 1) await new Promise((resolve) => setImmediate(resolve));
    guard.sweep();
    clock.at = 900;
    const arrived = new Promise<void>((resolve) => (body = resolve));
    talking.write('a');
    await arrived;
    guard.sweep();
    clock.at = 1_800;
    guard.sweep();
    expect(talking.destroyed).toBe(false);
    clock.at = 1_900;
    guard.sweep();
    await closed(talking);
  });

  it('makes room for a new connection by closing a trickling body before anything being answered', async () => {
    const clock = { at: 0 };
    const { server, guard, client } = await start({ idleTimeoutMs: 60_000, maxConnections: 3 }, clock);
    const trickles: Socket[] = [];
    for (let i = 0; i < 3; i++) {
      clock.at = i;
      trickles.push(await client('POST /slow-body HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nab'));
      await connections(server, i + 1);
    }
    // Wait until all three requests have reached the handler (receiving).
    while (guard.inFlight() < 3) await new Promise((resolve) => setImmediate(resolve));
    const health = await client('GET /health HTTP/1.1\r\nHost: x\r\n\r\n');
    const answer = await new Promise<string>((resolve) => health.once('data', (chunk) => resolve(String(chunk))));
    expect(answer).toMatch(/^HTTP\/1\.1 200/);
    await closed(trickles[0]);
    expect(trickles[1].destroyed || trickles[2].destroyed).toBe(false);
  });
});
