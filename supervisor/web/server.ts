import type { AddressInfo } from 'node:net';
import { createAdaptorServer } from '@hono/node-server';
import { createSupervisorApp, type SupervisorAppOptions } from './app.ts';

/**
 * Serves the supervisor UI on the loopback interface only: it shows the ledger of health-data
 * sandboxes, so it is never reachable from another machine. Port 0 picks a free port.
 */

export interface SupervisorServerOptions extends SupervisorAppOptions {
  readonly port?: number;
  /** Only 127.0.0.1 is accepted; the option exists to make that explicit at the call site. */
  readonly host?: '127.0.0.1';
}

export interface SupervisorServer {
  readonly url: string;
  readonly port: number;
  /** Resolves once a verification of the ledger has completed (pages show it from then on). */
  ready(): Promise<void>;
  /** Stops accepting, ends idle connections, waits for access events in flight and stops a verification in flight. */
  close(): Promise<void>;
}

export const SUPERVISOR_HOST = '127.0.0.1';

export async function startSupervisorServer(options: SupervisorServerOptions): Promise<SupervisorServer> {
  if (options.host !== undefined && options.host !== SUPERVISOR_HOST) throw new Error(`the supervisor UI binds ${SUPERVISOR_HOST} only, not ${String(options.host)}`);
  const { app, warm, ready, close } = createSupervisorApp(options);
  // Before listening: the first page then finds the index built and a verification under way.
  await warm();
  const server = createAdaptorServer({ fetch: app.fetch, hostname: SUPERVISOR_HOST });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, SUPERVISOR_HOST, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    // The port was taken: stop the verification warm() started before saying so.
    await close();
    throw error;
  }
  const { port } = server.address() as AddressInfo;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${SUPERVISOR_HOST}:${port}`,
    port,
    ready,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Idle keep-alive connections go now; a request still running gets a moment to finish.
        if ('closeIdleConnections' in server) server.closeIdleConnections();
        const force = setTimeout(() => {
          if ('closeAllConnections' in server) server.closeAllConnections();
        }, 2000);
        force.unref();
      }).then(close);
      return closing;
    },
  };
}
