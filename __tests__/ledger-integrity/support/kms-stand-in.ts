/**
 * A loopback stand-in for the two KMS operations the digest job and `ledger:verify` call, following the
 * KMS API reference (JSON 1.1 protocol, `X-Amz-Target: TrentService.<Operation>`):
 *
 * - `GetPublicKey`: the key's DER SubjectPublicKeyInfo (base64 on the wire), `KeyUsage: SIGN_VERIFY`,
 *   its `SigningAlgorithms`;
 * - `Sign` with `MessageType: DIGEST` and `RSASSA_PKCS1_V1_5_SHA_256`: the message is the 32-byte SHA-256
 *   ("the length of the Message value must match the length of hashed messages for the specified signing
 *   algorithm"), signed as PKCS#1 v1.5 (DigestInfo ‖ hash); `RAW` messages are hashed first.
 *
 * Unknown keys answer `NotFoundException`; a key id in `denySign` answers `AccessDeniedException`, as KMS
 * does for a caller its key policy does not allow to sign. `requests` records every call.
 */
import { constants, createHash, generateKeyPairSync, privateEncrypt, type KeyObject } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { KMSClient } from '@aws-sdk/client-kms';

/** ASN.1 DigestInfo prefix of a SHA-256 hash (RFC 8017 §9.2, note 1). */
const SHA256_DIGEST_INFO = Buffer.from('3031300d060960864801650304020105000420', 'hex');

export interface StandInKey {
  readonly arn: string;
  /** Aliases (`alias/…`) that name the key too. */
  readonly aliases?: readonly string[];
  readonly privateKey: KeyObject;
  readonly publicKeyDer: Buffer;
}

export function rsaKey(arn: string, aliases: readonly string[] = [], modulusLength = 2048): StandInKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength });
  return { arn, aliases, privateKey, publicKeyDer: publicKey.export({ format: 'der', type: 'spki' }) };
}

/** PKCS#1 v1.5 signature of a precomputed SHA-256, as KMS signs a `DIGEST` message. */
export function signDigest(key: KeyObject, sha256: Buffer): Buffer {
  return privateEncrypt({ key, padding: constants.RSA_PKCS1_PADDING }, Buffer.concat([SHA256_DIGEST_INFO, sha256]));
}

export interface KmsStandIn {
  readonly client: KMSClient;
  readonly endpoint: string;
  readonly requests: { target: string; body: Record<string, unknown> }[];
  readonly denySign: Set<string>;
  close(): Promise<void>;
}

export async function startKms(keys: readonly StandInKey[], region = 'eu-west-1'): Promise<KmsStandIn> {
  const byId = new Map<string, StandInKey>();
  for (const k of keys) for (const id of [k.arn, ...(k.aliases ?? [])]) byId.set(id, k);
  const requests: { target: string; body: Record<string, unknown> }[] = [];
  const denySign = new Set<string>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const target = String(req.headers['x-amz-target'] ?? '');
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
      requests.push({ target, body });
      const send = (status: number, payload: Record<string, unknown>): void => {
        res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
        res.end(JSON.stringify(payload));
      };
      const error = (status: number, type: string, message: string): void => send(status, { __type: type, message });
      const key = byId.get(String(body.KeyId));
      if (key === undefined) {
        error(400, 'NotFoundException', `Key '${String(body.KeyId)}' does not exist`);
        return;
      }
      if (target === 'TrentService.GetPublicKey') {
        send(200, {
          KeyId: key.arn,
          PublicKey: key.publicKeyDer.toString('base64'),
          KeySpec: 'RSA_2048',
          KeyUsage: 'SIGN_VERIFY',
          SigningAlgorithms: ['RSASSA_PKCS1_V1_5_SHA_256', 'RSASSA_PSS_SHA_256'],
        });
        return;
      }
      if (target === 'TrentService.Sign') {
        if (denySign.has(key.arn)) {
          error(400, 'AccessDeniedException', 'not authorized to perform: kms:Sign');
          return;
        }
        if (body.SigningAlgorithm !== 'RSASSA_PKCS1_V1_5_SHA_256') {
          error(400, 'InvalidKeyUsageException', `unsupported ${String(body.SigningAlgorithm)}`);
          return;
        }
        const message = Buffer.from(String(body.Message), 'base64');
        const digest = body.MessageType === 'DIGEST' ? message : createHash('sha256').update(message).digest();
        if (digest.length !== 32) {
          error(400, 'ValidationException', 'Digest is invalid length for algorithm');
          return;
        }
        send(200, {
          KeyId: key.arn,
          Signature: signDigest(key.privateKey, digest).toString('base64'),
          SigningAlgorithm: 'RSASSA_PKCS1_V1_5_SHA_256',
        });
        return;
      }
      error(400, 'UnsupportedOperationException', target);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new KMSClient({ region, endpoint, credentials: { accessKeyId: 'LOCAL', secretAccessKey: 'LOCAL' } });
  return {
    client,
    endpoint,
    requests,
    denySign,
    async close() {
      client.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
