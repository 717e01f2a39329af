// An HTTP proxy on 127.0.0.1 for tests: CONNECT tunnels (how the app's agents and undici reach https and
// WebSocket targets through a proxy) and plain absolute-form requests, each recorded by host and port.
// Names under `.invalid` (which never resolve) are mapped to 127.0.0.1 here only, so a test that gives
// the app such addresses proves that nothing it sends goes around the proxy.
import { createServer, request, type Server } from 'node:http';
import { type AddressInfo, connect, type Socket } from 'node:net';

export interface ConnectProxy {
  url: string;
  /** "host:port" of every tunnel or request, in order. */
  targets: string[];
  close(): Promise<void>;
}

const resolve = (host: string) => (host.endsWith('.invalid') ? '127.0.0.1' : host);

export async function startConnectProxy(): Promise<ConnectProxy> {
  const targets: string[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((req, res) => {
    // An absolute-form request: forwarded as it is.
    const target = new URL(req.url ?? '/');
    targets.push(`${target.hostname}:${target.port || 80}`);
    const upstream = request(
      {
        host: resolve(target.hostname),
        port: target.port || 80,
        path: `${target.pathname}${target.search}`,
        method: req.method,
        headers: req.headers,
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  server.on('connect', (req, client: Socket, head: Buffer) => {
    const [host = '', port = '443'] = (req.url ?? '').split(':');
    targets.push(`${host}:${port}`);
    const upstream = connect(Number(port), resolve(host), () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    targets,
    async close() {
      for (const socket of sockets) socket.destroy();
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
    },
  };
}
