/**
 * The load benchmark's AWS stand-ins, in their own process so that their CPU is not counted as the
 * verifier's: s3rver behind the SSE-evidence proxy, dynalite with the ledger table, and a loopback
 * Rekognition speaking its JSON 1.1 protocol that answers a seeded share of calls with ThrottlingException.
 *
 * Protocol (JSON lines): stdout `{"type":"ready",...endpoints}`, then `{"type":"event","event":...}` for every
 * notification s3rver emits; stdin `stats` -> stdout `{"type":"stats",...}`. Stops everything when stdin ends.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createInterface } from 'node:readline';
import { startLocalAws } from '../__tests__/verifier/support/local-aws';

/** Deterministic PRNG (mulberry32), so every run throttles the same calls. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// A DetectFaces FaceDetail in AWS's documented shape.
const face = {
  BoundingBox: { Width: 0.2081, Height: 0.3859, Left: 0.3317, Top: 0.1536 },
  Landmarks: [{ Type: 'eyeLeft', X: 0.3976, Y: 0.3211 }],
  Pose: { Roll: -1.7, Yaw: 4.3, Pitch: -2.7 },
  Quality: { Brightness: 83.4, Sharpness: 67.2 },
  Confidence: 99.99,
};

function fakeRekognition(
  throttleShare: number,
  random: () => number,
): { server: http.Server; stats: { calls: number; throttled: number } } {
  const stats = { calls: 0, throttled: 0 };
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      stats.calls += 1;
      const target = String(req.headers['x-amz-target'] ?? '');
      const headers = { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': `bench-${stats.calls}` };
      if (random() < throttleShare) {
        stats.throttled += 1;
        res.writeHead(400, headers).end(JSON.stringify({ __type: 'ThrottlingException', message: 'Rate exceeded' }));
      } else if (target.endsWith('.DetectFaces')) {
        res.writeHead(200, headers).end(JSON.stringify({ FaceDetails: [face] }));
      } else if (target.endsWith('.CompareFaces')) {
        res.writeHead(200, headers).end(
          JSON.stringify({
            SourceImageFace: { BoundingBox: face.BoundingBox, Confidence: 99.9 },
            FaceMatches: [{ Similarity: 99.1, Face: face }],
            UnmatchedFaces: [],
          }),
        );
      } else {
        res
          .writeHead(400, headers)
          .end(JSON.stringify({ __type: 'InvalidParameterException', message: `unexpected ${target}` }));
      }
    });
  });
  return { server, stats };
}

export async function main(args: string[]): Promise<number> {
  const throttleShare = Number(args[0] ?? '0.1');
  const seed = Number(args[1] ?? '20261122');
  const local = await startLocalAws();
  const rekognition = fakeRekognition(throttleShare, prng(seed));
  await new Promise<void>((resolve) => rekognition.server.listen(0, '127.0.0.1', resolve));
  const print = (value: unknown): boolean => process.stdout.write(JSON.stringify(value) + '\n');
  let forwarded = 0;
  const forward = setInterval(() => {
    while (forwarded < local.events.length) print({ type: 'event', event: local.events[forwarded++] });
  }, 5);
  print({
    type: 'ready',
    s3Endpoint: local.s3Endpoint,
    dynamodbEndpoint: local.dynamodbEndpoint,
    rekognitionEndpoint: `http://127.0.0.1:${(rekognition.server.address() as AddressInfo).port}`,
  });
  for await (const line of createInterface({ input: process.stdin })) {
    if (line.trim() === 'stats')
      print({
        type: 'stats',
        ...rekognition.stats,
        cpuMs: (process.cpuUsage().user + process.cpuUsage().system) / 1000,
      });
  }
  clearInterval(forward);
  await new Promise<void>((resolve) => rekognition.server.close(() => resolve()));
  await local.stop();
  return 0;
}
