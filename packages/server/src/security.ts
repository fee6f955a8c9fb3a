import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';

/**
 * The web app loads only its own scripts, styles and API (no inline code, no third parties),
 * may not be framed, and sends no referrer: clinical data must not leak through URLs.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Permissions-Policy': 'geolocation=(), microphone=(), payment=(), usb=()',
};

/** Security headers on a response; API responses (patient data) are never cached. */
export function applySecurityHeaders(url: string, reply: FastifyReply): void {
  void reply.headers(HEADERS);
  if (url.startsWith('/api/') || url === '/health' || url.startsWith('/health?')) void reply.header('Cache-Control', 'no-store');
}

/** onRequest hook: security headers on every response. */
export function securityHeaders(request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction): void {
  applySecurityHeaders(request.url, reply);
  done();
}
