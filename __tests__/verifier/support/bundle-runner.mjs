// A warm Lambda container for the integration tests: imports the BUNDLED verifier (the index.mjs
// extracted from verifier.zip, argv[2]) in a plain Node.js ESM process, as the Lambda runtime does,
// and invokes its handler once per JSON line on stdin, answering on fd 3 (stdout carries the
// function's own logs, as in Lambda).
//
// S3 and DynamoDB: the bundle creates its own clients, pointed at the local servers only by the SDK's
// standard AWS_ENDPOINT_URL_S3 / AWS_ENDPOINT_URL_DYNAMODB variables. Rekognition has no local server:
// a client mocked with aws-sdk-client-mock is injected through the bundle's `injectDependencies`, and
// each request line scripts its DetectFaces / CompareFaces answers in order: a response (documented
// shape) or { error: '<Rekognition exception name>', status }.
import * as rekognitionSdk from '@aws-sdk/client-rekognition';
import { mockClient } from 'aws-sdk-client-mock';
import { createWriteStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';

const bundle = await import(pathToFileURL(process.argv[2]).href);
const replies = createWriteStream('', { fd: 3 });

const rekognition = new rekognitionSdk.RekognitionClient({
  region: 'us-east-1',
  credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
});
let script = { detect: [], compare: [] };
// The bundle's command classes are its own copies, so match on the input's shape, not the class.
mockClient(rekognition)
  .onAnyCommand()
  .callsFake((input) => {
    const queue = 'SourceImage' in input ? script.compare : script.detect;
    const step = queue.shift();
    if (step === undefined) throw new Error(`unscripted Rekognition call: ${JSON.stringify(input)}`);
    if (step.error !== undefined) {
      const ErrorClass = rekognitionSdk[step.error];
      throw new ErrorClass({
        message: step.error,
        $metadata: { httpStatusCode: step.status ?? 400, requestId: 'scripted-error' },
      });
    }
    return step;
  });
bundle.injectDependencies({ clients: { rekognition } });

for await (const line of createInterface({ input: process.stdin })) {
  const { id, event, rekognition: scripted } = JSON.parse(line);
  script = { detect: [...(scripted?.detect ?? [])], compare: [...(scripted?.compare ?? [])] };
  try {
    const result = await bundle.handler(event, { awsRequestId: id });
    replies.write(JSON.stringify({ id, result }) + '\n');
  } catch (error) {
    replies.write(
      JSON.stringify({ id, error: { name: error.name, message: error.message, causeName: error.cause?.name } }) + '\n',
    );
  }
}
