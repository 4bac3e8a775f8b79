// Pebble, the ACME test server Debian packages, on loopback for one test: its
// own TLS certificate (openssl, made here), and pebble-challtestsrv as its DNS
// server answering every name with 127.0.0.1, so http-01 validation reaches the
// private Apache. Both processes are the test's own and stopped by it.
import { spawn, type ChildProcess } from 'node:child_process';
import { openSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sleep } from './apache.js';
import { httpsGet, makeCertificate, readPem } from './tls.js';

export interface PebblePorts {
  /** ACME directory (HTTPS). */
  acme: number;
  management: number;
  dns: number;
  /** pebble-challtestsrv's own management API. */
  dnsManagement: number;
  /** Where pebble's validation connects for http-01 (the site's HTTP port). */
  http01: number;
  tlsAlpn01: number;
}

export class Pebble {
  private readonly processes: ChildProcess[] = [];
  /** PEM of the CA that signed pebble's own listener certificate. */
  readonly listenerCa: string;
  readonly listenerCaFile: string;

  constructor(private readonly dir: string, private readonly ports: PebblePorts) {
    const made = makeCertificate(dir, ['localhost']);
    this.listenerCaFile = made.ca;
    this.listenerCa = readPem(made.ca);
    writeFileSync(join(dir, 'pebble.json'), JSON.stringify({
      pebble: {
        listenAddress: `127.0.0.1:${ports.acme}`, managementListenAddress: `127.0.0.1:${ports.management}`,
        certificate: made.cert, privateKey: made.key, httpPort: ports.http01, tlsPort: ports.tlsAlpn01,
        ocspResponderURL: '', externalAccountBindingRequired: false,
      },
    }));
  }

  get directoryUrl(): string {
    return `https://localhost:${this.ports.acme}/dir`;
  }

  async start(): Promise<void> {
    const log = (name: string) => openSync(join(this.dir, `${name}.log`), 'a');
    this.processes.push(spawn('pebble-challtestsrv', [
      '-defaultIPv4', '127.0.0.1', '-defaultIPv6', '', '-dns01', `127.0.0.1:${this.ports.dns}`,
      '-http01', '', '-https01', '', '-tlsalpn01', '', '-management', `127.0.0.1:${this.ports.dnsManagement}`,
    ], { stdio: ['ignore', log('challtestsrv'), log('challtestsrv')] }));
    this.processes.push(spawn('pebble', ['-config', join(this.dir, 'pebble.json'), '-dnsserver', `127.0.0.1:${this.ports.dns}`], {
      stdio: ['ignore', log('pebble'), log('pebble')],
      env: { ...process.env, PEBBLE_VA_NOSLEEP: '1', PEBBLE_WFE_NONCEREJECT: '0', PEBBLE_AUTHZREUSE: '0' },
    }));
    const deadline = Date.now() + 20_000;
    for (;;) {
      try {
        if ((await httpsGet(this.ports.acme, '/dir', 'localhost', this.listenerCa, 2_000)).status === 200) return;
      } catch (error) {
        if (Date.now() > deadline) throw new Error(`pebble did not answer on 127.0.0.1:${this.ports.acme}: ${String(error)}`);
      }
      await sleep(200);
    }
  }

  /** The root that pebble's issued certificates chain to (made afresh at each start). */
  async root(): Promise<string> {
    const response = await httpsGet(this.ports.management, '/roots/0', 'localhost', this.listenerCa);
    if (response.status !== 200) throw new Error(`pebble /roots/0 -> ${response.status}`);
    return response.body;
  }

  async stop(): Promise<void> {
    for (const child of this.processes) {
      if (child.exitCode === null && child.pid !== undefined) child.kill('SIGTERM');
    }
    await sleep(300);
    for (const child of this.processes) if (child.exitCode === null) child.kill('SIGKILL');
  }
}
