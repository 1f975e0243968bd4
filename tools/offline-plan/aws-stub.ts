/**
 * A loopback stand-in for the only AWS calls `terraform plan` makes for these stacks:
 * STS `GetCallerIdentity` (the provider checks the account against `allowed_account_ids`, and
 * `aws_caller_identity` reads it) and IAM `GetRole` / `GetUser` (`aws_iam_session_context` resolves
 * an assumed-role session to its role). Query protocol (form POST, XML answers), as documented in
 * https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html and
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetRole.html.
 *
 * It listens on 127.0.0.1 only. The account is read from the SigV4 credential scope: the generator
 * signs with the access key `STUB<12-digit account>`, so one stub answers for every environment and
 * the provider's account guard stays on. Any other call is recorded and refused (400
 * `NotImplemented`), so an unexpected call fails the plan instead of reaching a network.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the stub received. */
export interface StubRequest {
  readonly service: string;
  readonly region: string;
  readonly action: string;
  readonly account: string | undefined;
  readonly params: Readonly<Record<string, string>>;
  /** Answered with a result (not refused). */
  readonly handled: boolean;
}

export interface AwsStubOptions {
  /** The caller: an assumed role (`arn:aws:sts::<account>:assumed-role/<role>/<session>`) or an IAM user. */
  readonly identity?: 'role' | 'user';
  /** @default 'biometric-vault-deployer' */
  readonly roleName?: string;
  /** @default 'biometric-vault-ci' */
  readonly userName?: string;
}

export interface AwsStub {
  /** `http://127.0.0.1:<port>`, for `AWS_ENDPOINT_URL`. */
  readonly endpoint: string;
  /** Every request so far, in order. */
  readonly requests: readonly StubRequest[];
  readonly close: () => Promise<void>;
}

/** The access key id that makes the stub answer as `account`. */
export function stubAccessKey(account: string): string {
  return `STUB${account}`;
}

const STS_NS = 'https://sts.amazonaws.com/doc/2011-06-15/';
const IAM_NS = 'https://iam.amazonaws.com/doc/2010-05-08/';
const ESCAPES: Readonly<Record<string, string>> = {
  '<': '&lt;',
  '>': '&gt;',
  '&': '&amp;',
  "'": '&apos;',
  '"': '&quot;',
};

function esc(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => ESCAPES[c] ?? c);
}

function xml(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'content-type': 'text/xml', 'x-amzn-requestid': randomUUID() });
  res.end(`<?xml version="1.0" encoding="UTF-8"?>\n${body}`);
}

function refuse(res: ServerResponse, status: number, code: string, message: string, ns: string): void {
  xml(
    res,
    status,
    `<ErrorResponse xmlns="${ns}"><Error><Type>Sender</Type><Code>${esc(code)}</Code>` +
      `<Message>${esc(message)}</Message></Error><RequestId>${randomUUID()}</RequestId></ErrorResponse>`,
  );
}

const metadata = (): string => `<ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata>`;

type Handler = (params: URLSearchParams, account: string, res: ServerResponse) => void;

function handlers(options: Required<AwsStubOptions>): Readonly<Record<string, Handler>> {
  const callerArn = (account: string): string =>
    options.identity === 'user'
      ? `arn:aws:iam::${account}:user/${options.userName}`
      : `arn:aws:sts::${account}:assumed-role/${options.roleName}/terraform-plan`;
  return {
    'sts:GetCallerIdentity': (_p, account, res) => {
      xml(
        res,
        200,
        `<GetCallerIdentityResponse xmlns="${STS_NS}"><GetCallerIdentityResult>` +
          `<Arn>${esc(callerArn(account))}</Arn>` +
          `<UserId>${options.identity === 'user' ? 'AIDASTUBUSER' : 'AROASTUBROLE:terraform-plan'}</UserId>` +
          `<Account>${account}</Account></GetCallerIdentityResult>${metadata()}</GetCallerIdentityResponse>`,
      );
    },
    'iam:GetRole': (params, account, res) => {
      const name = params.get('RoleName') ?? '';
      if (name !== options.roleName) {
        refuse(res, 404, 'NoSuchEntity', `The role with name ${name} cannot be found.`, IAM_NS);
        return;
      }
      xml(
        res,
        200,
        `<GetRoleResponse xmlns="${IAM_NS}"><GetRoleResult><Role><Path>/</Path>` +
          `<RoleName>${esc(name)}</RoleName><RoleId>AROASTUBROLE</RoleId>` +
          `<Arn>arn:aws:iam::${account}:role/${esc(name)}</Arn><CreateDate>2024-01-01T00:00:00Z</CreateDate>` +
          `<AssumeRolePolicyDocument>${encodeURIComponent('{"Version":"2012-10-17","Statement":[]}')}</AssumeRolePolicyDocument>` +
          `<MaxSessionDuration>3600</MaxSessionDuration></Role></GetRoleResult>${metadata()}</GetRoleResponse>`,
      );
    },
    'iam:GetUser': (params, account, res) => {
      const name = params.get('UserName') ?? options.userName;
      xml(
        res,
        200,
        `<GetUserResponse xmlns="${IAM_NS}"><GetUserResult><User><Path>/</Path>` +
          `<UserName>${esc(name)}</UserName><UserId>AIDASTUBUSER</UserId>` +
          `<Arn>arn:aws:iam::${account}:user/${esc(name)}</Arn><CreateDate>2024-01-01T00:00:00Z</CreateDate>` +
          `</User></GetUserResult>${metadata()}</GetUserResponse>`,
      );
    },
  };
}

function scopeOf(req: IncomingMessage): { account: string | undefined; region: string; service: string } {
  const auth = req.headers.authorization ?? '';
  const scope = /Credential=([^/]+)\/\d{8}\/([^/]+)\/([^/]+)\//.exec(auth);
  const account = /^STUB(\d{12})$/.exec(scope?.[1] ?? '')?.[1];
  return { account, region: scope?.[2] ?? '', service: scope?.[3] ?? '' };
}

/** Starts the stub on a free loopback port. */
export async function startAwsStub(options: AwsStubOptions = {}): Promise<AwsStub> {
  const table = handlers({
    identity: options.identity ?? 'role',
    roleName: options.roleName ?? 'biometric-vault-deployer',
    userName: options.userName ?? 'biometric-vault-ci',
  });
  const requests: StubRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const { account, region, service } = scopeOf(req);
      const isForm = (req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded');
      const params = new URLSearchParams(isForm ? body : new URL(req.url ?? '/', 'http://stub').search);
      const target = req.headers['x-amz-target'];
      const action =
        params.get('Action') ?? (typeof target === 'string' ? target : `${req.method ?? ''} ${req.url ?? ''}`);
      const handler = table[`${service}:${action}`];
      requests.push({
        service,
        region,
        action,
        account,
        params: Object.fromEntries([...params.entries()].filter(([k]) => k !== 'Action' && k !== 'Version')),
        handled: handler !== undefined && account !== undefined,
      });
      const ns = service === 'iam' ? IAM_NS : STS_NS;
      if (account === undefined)
        refuse(res, 403, 'InvalidClientTokenId', 'stub: the access key must be STUB<12-digit account>', ns);
      else if (handler === undefined)
        refuse(res, 400, 'NotImplemented', `stub: ${service}:${action} is not implemented`, ns);
      else handler(params, account, res);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
