/**
 * A loopback proxy in front of a JSON-protocol AWS stand-in (dynalite): forwards every request unchanged,
 * except the next requests of a scripted `X-Amz-Target` (for example `DynamoDB_20120810.PutItem`), which it
 * answers with the scripted AWS error in that protocol's shape (`{"__type": "<namespace>#<Name>", ...}`), so
 * the real SDK parses and classifies it.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ScriptedJsonError {
  /** `X-Amz-Target` to fail, for example `DynamoDB_20120810.PutItem`. */
  readonly target: string;
  /** The error's name, for example `ProvisionedThroughputExceededException`. */
  readonly name: string;
  readonly status: number;
  /** @default 1 */
  readonly times?: number;
}

export interface JsonFaultProxy {
  readonly endpoint: string;
  failNext(error: ScriptedJsonError): void;
  stop(): Promise<void>;
}

export async function startJsonFaultProxy(upstream: string): Promise<JsonFaultProxy> {
  const target = new URL(upstream);
  const scripted: (ScriptedJsonError & { remaining: number })[] = [];
  const server = http.createServer((req, res) => {
    const amzTarget = String(req.headers['x-amz-target'] ?? '');
    const fault = scripted.find((s) => s.target === amzTarget);
    if (fault !== undefined) {
      fault.remaining -= 1;
      if (fault.remaining <= 0) scripted.splice(scripted.indexOf(fault), 1);
      req.resume();
      req.on('end', () => {
        res
          .writeHead(fault.status, { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': 'fault' })
          .end(JSON.stringify({ __type: `com.amazonaws.dynamodb.v20120810#${fault.name}`, message: fault.name }));
      });
      return;
    }
    const forward = http.request(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    forward.on('error', (error) => res.writeHead(502).end(String(error)));
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    failNext: (error) => scripted.push({ ...error, remaining: error.times ?? 1 }),
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
