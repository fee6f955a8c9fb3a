import { buildApp } from './app.js';

const host = process.env['HOST'] ?? '127.0.0.1';
const port = Number(process.env['PORT'] ?? '8080');
if (!Number.isInteger(port) || port < 0 || port > 65_535) {
  process.stderr.write(`cartographer: PORT must be an integer from 0 to 65535, not "${process.env['PORT']}"\n`);
  process.exit(2);
}

const app = buildApp({ logger: { level: process.env['LOG_LEVEL'] ?? 'info' } });

async function shutdown(signal: NodeJS.Signals): Promise<void> {
  app.log.info({ signal }, 'shutting down');
  // In-flight requests finish; a stuck one does not keep the process alive for ever.
  setTimeout(() => process.exit(1), 10_000).unref();
  await app.close();
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, (s: NodeJS.Signals) => void shutdown(s));
}

try {
  const address = await app.listen({ host, port });
  process.stdout.write(`cartographer listening on ${address}\n`);
} catch (err) {
  app.log.error({ err }, 'cannot start');
  process.exit(1);
}
