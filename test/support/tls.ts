// TLS for tests: certificates made by openssl in a temporary folder, and HTTPS
// requests to 127.0.0.1 that verify the server against a given CA and host name.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import { join } from 'node:path';
import type { HttpResult } from './apache.js';

export interface TestCertificate {
  ca: string;
  cert: string;
  key: string;
}

/** A CA and a certificate it signs for `names` (and 127.0.0.1), all under `dir`. */
export function makeCertificate(dir: string, names: string[]): TestCertificate {
  const file = (name: string) => join(dir, name);
  const openssl = (...args: string[]) => execFileSync('openssl', args, { stdio: 'pipe' });
  openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=modwsgi test CA',
    '-keyout', file('ca.key'), '-out', file('ca.pem'), '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign');
  openssl('req', '-newkey', 'rsa:2048', '-nodes', '-subj', `/CN=${names[0]}`, '-keyout', file('site.key'), '-out', file('site.csr'));
  const san = [...names.map((n) => `DNS:${n}`), 'IP:127.0.0.1'].join(',');
  execFileSync('bash', ['-c', `printf 'subjectAltName=%s\\nextendedKeyUsage=serverAuth\\n' "$1" > "$2"`, 'ext', san, file('site.ext')]);
  openssl('x509', '-req', '-in', file('site.csr'), '-CA', file('ca.pem'), '-CAkey', file('ca.key'), '-CAcreateserial', '-days', '2',
    '-extfile', file('site.ext'), '-out', file('site.pem'));
  return { ca: file('ca.pem'), cert: file('site.pem'), key: file('site.key') };
}

/** One HTTPS request to 127.0.0.1:`port`, SNI and Host `host`, verified against `ca` (PEM text); a POST when `body` is given. */
export function httpsGet(port: number, path: string, host: string, ca: string, timeoutMs = 10_000, body?: Buffer): Promise<HttpResult & { protocol: string }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { Host: host, ...(body ? { 'Content-Length': body.length } : {}) };
    const req = request(
      { host: '127.0.0.1', port, path, method: body ? 'POST' : 'GET', servername: host, headers, ca, timeout: timeoutMs, agent: false, rejectUnauthorized: true },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers, protocol: (res.socket as { getProtocol?: () => string }).getProtocol?.() ?? '' }));
      },
    );
    req.on('timeout', () => req.destroy(new Error(`GET https://${host}:${port}${path} timed out after ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(body);
  });
}

export const readPem = (file: string) => readFileSync(file, 'utf8');
