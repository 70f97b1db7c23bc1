// MCP over stdio: one server instance for the connection; closing stdin ends the process cleanly.
import { serveStdio } from '@modelcontextprotocol/server/stdio';
import type { ServerContext } from '../context.js';
import { createServer } from '../create-server.js';

/** How long background indexing waits for the client's handshake at most. */
const HANDSHAKE_GRACE_MS = 1000;

export function serveOverStdio(context: ServerContext, onClose: () => Promise<void>): void {
  const handle = serveStdio(
    () => {
      const server = createServer(context, true);
      // Background indexing starts once the client is initialized: its handshake comes first.
      server.server.oninitialized = () => context.startBackground?.();
      return server;
    },
    { onerror: (error) => context.log(`stdio: ${error.message}`) },
  );
  // A client that is slow to initialize (or none at all) does not hold indexing back for long.
  setTimeout(() => context.startBackground?.(), HANDSHAKE_GRACE_MS).unref();
  let closing = false;
  const shutdown = async () => {
    if (closing) return;
    closing = true;
    await handle.close().catch(() => undefined);
    await onClose().catch(() => undefined);
  };
  process.stdin.on('end', () => void shutdown());
  process.on('SIGINT', () => void shutdown().then(() => process.exit(0)));
  process.on('SIGTERM', () => void shutdown().then(() => process.exit(0)));
}
