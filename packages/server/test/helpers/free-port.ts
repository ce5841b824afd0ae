import { createServer } from "node:net";

/**
 * A TCP port free on loopback now, for a service whose public URL must be known before it
 * listens (the enrolment redirect, the callback it checks).
 */
export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once("error", fail);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}
