// Bounds the HTTP server's open connections in number and idle time. Node's own socket timeout is
// restarted by its connection checker (every 30 s), so an idle limit of 30 s or more never fired:
// idleness is measured here from the bytes each socket has moved, by one sweep for all sockets.
// At the connection limit the least useful connection makes room for the new one: first one that
// has sent no request, then one still trickling its body (a slow-body flood cannot lock others out);
// never one whose request is being answered.
import type { Server } from 'node:http';
import type { Socket } from 'node:net';

type Phase = 'waiting' | 'receiving' | 'answering';

interface Tracked {
  phase: Phase;
  /** bytesRead + bytesWritten when last seen, and when that last changed. */
  moved: number;
  activeAt: number;
  /** When the current phase began: the oldest trickling request goes first. */
  phaseAt: number;
}

export interface ConnectionGuardOptions {
  idleTimeoutMs: number;
  maxConnections: number;
  /** For tests: the clock, and whether to sweep on a timer (else call sweep()). */
  now?: () => number;
  timer?: boolean;
}

export interface ConnectionGuard {
  /** The request on this socket has arrived (headers read); its body may still be coming. */
  receiving(socket: Socket): void;
  /** The request is read whole and being answered: never idle, never evicted. */
  answering(socket: Socket): void;
  /** The answer is sent; the socket waits for the next request. */
  answered(socket: Socket): void;
  /** Closes sockets idle past the limit; runs on a timer unless the options say otherwise. */
  sweep(): void;
  /** Requests on their way (receiving or answering). */
  inFlight(): number;
  stop(): void;
}

export function guardConnections(server: Server, options: ConnectionGuardOptions): ConnectionGuard {
  const now = options.now ?? Date.now;
  const sockets = new Map<Socket, Tracked>();
  const moved = (socket: Socket) => socket.bytesRead + socket.bytesWritten;
  const set = (socket: Socket, phase: Phase) => {
    const tracked = sockets.get(socket);
    if (!tracked) return;
    tracked.phase = phase;
    tracked.phaseAt = tracked.activeAt = now();
  };

  server.on('connection', (socket: Socket) => {
    const at = now();
    sockets.set(socket, { phase: 'waiting', moved: 0, activeAt: at, phaseAt: at });
    socket.once('close', () => sockets.delete(socket));
    if (sockets.size > options.maxConnections) (victim(socket) ?? socket).destroy();
  });

  /** Map order is arrival order: the first waiting socket is the longest open without a request. */
  function victim(newcomer: Socket): Socket | undefined {
    let trickling: [Socket, Tracked] | undefined;
    for (const [socket, tracked] of sockets) {
      if (socket === newcomer) continue;
      if (tracked.phase === 'waiting') return socket;
      if (tracked.phase === 'receiving' && (!trickling || tracked.phaseAt < trickling[1].phaseAt)) trickling = [socket, tracked];
    }
    return trickling?.[0];
  }

  function sweep(): void {
    const at = now();
    for (const [socket, tracked] of sockets) {
      const bytes = moved(socket);
      if (bytes !== tracked.moved) {
        tracked.moved = bytes;
        tracked.activeAt = at;
      } else if (tracked.phase !== 'answering' && at - tracked.activeAt >= options.idleTimeoutMs) {
        socket.destroy();
      }
    }
  }

  // A quarter of the limit between sweeps: a silent socket goes within 1.5x the idle timeout.
  const interval = options.timer === false ? undefined : setInterval(sweep, Math.min(5_000, Math.max(100, options.idleTimeoutMs / 4)));
  interval?.unref();

  return {
    receiving: (socket) => set(socket, 'receiving'),
    answering: (socket) => set(socket, 'answering'),
    answered: (socket) => set(socket, 'waiting'),
    sweep,
    inFlight: () => [...sockets.values()].filter((t) => t.phase !== 'waiting').length,
    stop: () => clearInterval(interval),
  };
}
