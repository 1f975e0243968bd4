// A warm Lambda container for the integration tests: imports the BUNDLED verifier (the index.mjs
// extracted from verifier.zip, argv[2]) in a plain Node.js ESM process, as the Lambda runtime does,
// and invokes its handler once per JSON line on stdin, answering on fd 3 (stdout carries the
// function's own logs, as in Lambda).
//
// The bundle creates its own clients (with its timeouts and Powertools Tracer), pointed at the loopback
// stand-ins only by the SDK's standard AWS_ENDPOINT_URL_S3 / _DYNAMODB / _REKOGNITION variables.
import { createWriteStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';

const bundle = await import(pathToFileURL(process.argv[2]).href);
const replies = createWriteStream('', { fd: 3 });

for await (const line of createInterface({ input: process.stdin })) {
  const { id, event, remainingMs } = JSON.parse(line);
  try {
    const context = { awsRequestId: id, getRemainingTimeInMillis: () => remainingMs ?? 60_000 };
    const result = await bundle.handler(event, context);
    replies.write(JSON.stringify({ id, result }) + '\n');
  } catch (error) {
    replies.write(
      JSON.stringify({ id, error: { name: error.name, message: error.message, causeName: error.cause?.name } }) + '\n',
    );
  }
}
