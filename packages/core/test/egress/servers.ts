import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** A test HTTP server on 127.0.0.1 and a random port. */
export interface TestServer {
  readonly server: Server;
  readonly port: number;
  /** `http://127.0.0.1:port` */
  readonly origin: string;
}

/** What an echo handler reports back. */
export interface Echo {
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** Starts servers and closes every one of them (with their sockets) on `closeAll`. */
export class TestServers {
  private readonly started: Server[] = [];

  async start(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<TestServer> {
    const server = createServer(handler);
    this.started.push(server);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    return { server, port, origin: `http://127.0.0.1:${port}` };
  }

  async closeAll(): Promise<void> {
    const servers = this.started.splice(0);
    await Promise.all(
      servers.map(
        (server) =>
          new Promise<void>((resolve) => {
            server.closeAllConnections();
            server.close(() => resolve());
          }),
      ),
    );
  }
}

/** Reads a request body as text. */
export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/** A handler that answers with the request it got, as JSON. */
export function echo(req: IncomingMessage, res: ServerResponse): void {
  void readBody(req).then((body) => {
    const payload: Echo = {
      method: req.method ?? "",
      url: req.url ?? "",
      headers: req.headers,
      body,
    };
    res.setHeader("content-type", "application/json");
    res.end(JSON.stringify(payload));
  });
}
