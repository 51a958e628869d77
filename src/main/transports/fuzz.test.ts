/**
 * Bounded, loopback-only fuzzing of serve mode (docs/security.md): malformed request lines,
 * URLs and headers, upgrade attempts, invalid and oversized WebSocket frames, and random
 * JSON calls — then serve must still answer, and nothing may have reached the process's
 * uncaught-exception / unhandled-rejection events. Seeded, so a failure replays.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { contract } from '../../shared/contract';
import type { Core } from '../core';
import { createTestCore, removeDir, tempDir } from '../../../test/core-helpers';
import { mulberry32 } from '../../compute/model/sampling';
import { callOnce, clientFrame, rawExchange, rawWebSocket, statusOf, upgradeRequest } from './test-support';
import { startServeTransport, type ServeHandle } from './ws';

const SEED = 20261201;
let core: Core;
let serve: ServeHandle;
const dirs: string[] = [];
const uncaught: unknown[] = [];
const record = (e: unknown) => uncaught.push(e);

beforeAll(async () => {
  process.on('uncaughtException', record);
  process.on('unhandledRejection', record);
  const data = tempDir();
  const renderer = tempDir();
  dirs.push(data, renderer);
  writeFileSync(path.join(renderer, 'index.html'), '<!doctype html><title>miStudio</title>');
  // A dead loopback port as the hub: a fuzzed download call fails at once, never leaves the machine.
  core = await createTestCore(data, { hubEndpoint: 'http://127.0.0.1:9' });
  serve = await startServeTransport(core, { host: '127.0.0.1', port: 0, rendererDir: renderer });
});
afterAll(async () => {
  process.off('uncaughtException', record);
  process.off('unhandledRejection', record);
  await serve.close();
  await core.close();
  dirs.forEach(removeDir);
});

const random = mulberry32(SEED);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
const junk = (n: number) => Buffer.from(Array.from({ length: n }, () => Math.floor(random() * 256)));
const printable = (n: number) => Array.from({ length: n }, () => String.fromCharCode(32 + Math.floor(random() * 95))).join('');

const METHODS = ['GET', 'POST', 'HEAD', 'PUT', 'DELETE', 'OPTIONS', 'CONNECT', 'TRACE', 'PATCH', 'G\u0000T', 'get', ''];
const TARGETS = [
  '/',
  '/%',
  '/%%',
  '/%zz',
  '/%E0%A4%A',
  '/%00',
  '/..%2f..%2fetc%2fpasswd',
  '/../../etc/passwd',
  '//evil.example/',
  '*',
  'http://a:b:c/',
  'http://[::1/',
  'https://x/%',
  '/api',
  '/api?token=%',
  '/api?token=',
  '/\\..\\',
  '/index.html?x=%',
  `/${'a'.repeat(9000)}`,
  '',
];
const VERSIONS = ['HTTP/1.1', 'HTTP/1.0', 'HTTP/2.0', 'HTTP/9.9', 'HTTP/1.1 extra', '', 'HTTP/1.1\u0000'];
const HEADERS = [
  () => 'Host: 127.0.0.1',
  () => 'Host: a:b:c',
  () => 'Host:',
  () => `Host: ${printable(50)}`,
  () => 'Content-Length: -1',
  () => 'Content-Length: 99999999999999999999',
  () => 'Transfer-Encoding: chunked',
  () => 'Transfer-Encoding: chunked\r\nContent-Length: 3',
  () => 'Upgrade: websocket\r\nConnection: Upgrade',
  () => 'Sec-WebSocket-Key: %%%',
  () => 'Sec-WebSocket-Version: 99',
  () => 'Origin: null',
  () => `X-Long: ${'x'.repeat(20000)}`,
  () => printable(30),
  () => 'No-Colon-Here',
  () => ' leading-space: 1',
];

describe('serve mode under fuzzing (bounded, loopback only)', () => {
  it('malformed request lines, URLs and headers: each answered or closed, the server lives', async () => {
    for (let i = 0; i < 240; i++) {
      const headers = Array.from({ length: Math.floor(random() * 4) }, () => pick(HEADERS)());
      let request = `${pick(METHODS)} ${pick(TARGETS)} ${pick(VERSIONS)}\r\n${headers.join('\r\n')}\r\n\r\n`;
      if (random() < 0.2) request = request.slice(0, Math.floor(random() * request.length));
      const bytes = random() < 0.15 ? junk(1 + Math.floor(random() * 300)) : Buffer.from(request, 'latin1');
      const answer = await rawExchange(serve.port, bytes, 200);
      const status = statusOf(answer);
      if (status !== null) expect(status).toBeLessThan(500);
    }
  });

  it('upgrade attempts with random paths, queries and handshake headers', async () => {
    const host = `127.0.0.1:${serve.port}`;
    for (let i = 0; i < 120; i++) {
      const query = pick([
        `?token=${serve.token}`,
        '?token=',
        '?token=%',
        `?token=${serve.token}%`,
        `?${printable(20)}`,
        '',
        `?token=${serve.token}&token=x`,
      ]);
      const target = `${pick(['/api', '/api/', '/API', '/%', '/api%zz', 'http://a:b:c/api', '/'])}${query}`;
      const headers: Record<string, string | undefined> = {
        Host: pick([host, undefined, 'evil.example', `localhost:${serve.port}`, 'a:b:c']),
      };
      if (random() < 0.4) headers.Origin = pick(['null', `http://${host}`, 'https://evil.example', printable(10), '']);
      if (random() < 0.3) headers['Sec-WebSocket-Version'] = pick(['8', '13', 'x', '']);
      if (random() < 0.3) headers['Sec-WebSocket-Key'] = pick(['', 'short', printable(24)]);
      const answer = await rawExchange(serve.port, upgradeRequest(target, headers), 150);
      const status = statusOf(answer);
      if (status !== null) expect(status).toBeLessThan(500);
    }
  });

  it('invalid and oversized WebSocket frames from a token holder', async () => {
    for (let i = 0; i < 60; i++) {
      const c = await rawWebSocket(serve.port, serve.token);
      const kind = i % 8;
      const payload = junk(Math.floor(random() * 64));
      if (kind === 0)
        c.socket.write(clientFrame(0x1, payload)); // text, random bytes (often bad UTF-8)
      else if (kind === 1) c.socket.write(clientFrame(0x1, payload, { declaredLength: 17 * 1024 * 1024 + Math.floor(random() * 1e6) }));
      else if (kind === 2)
        c.socket.write(clientFrame(pick([0x3, 0x4, 0x5, 0xb, 0xf]), payload)); // reserved opcodes
      else if (kind === 3) c.socket.write(clientFrame(0x1, payload, { rsv: 1 + Math.floor(random() * 7) }));
      else if (kind === 4)
        c.socket.write(clientFrame(0x9, junk(200))); // control frame > 125 bytes
      else if (kind === 5)
        c.socket.write(clientFrame(0x8, junk(1 + Math.floor(random() * 10)))); // close with junk code
      else if (kind === 6)
        c.socket.write(Buffer.concat([clientFrame(0x1, Buffer.from('{"type":'), { fin: false }), clientFrame(0x1, Buffer.from('"x"}'))]));
      else c.socket.write(junk(1 + Math.floor(random() * 40)));
      await Promise.race([c.closed, new Promise((r) => setTimeout(r, 200))]);
      c.socket.destroy();
    }
  });

  it('random JSON and random calls over a valid connection get envelopes, never a crash', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${serve.port}/api?token=${serve.token}`);
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
    const replies: { id: number | null }[] = [];
    ws.on('message', (d) => replies.push(JSON.parse(d.toString()) as { id: number | null }));
    // Every method but those whose valid call starts heavy work (jobs that compute for minutes).
    const heavy = new Set([
      'system.runSelfTest',
      'training.create',
      'sweeps.create',
      'activations.extract',
      'models.generate',
      'datasets.tokenize',
      'settings.reset',
    ]);
    const methods = Object.keys(contract).filter((m) => !heavy.has(m));
    const value = (depth: number): unknown => {
      const r = random();
      if (depth > 3 || r < 0.3)
        return pick([null, true, false, 0, -1, 1e308, -0, 'x', '', printable(8), '../../etc/passwd', '/dev/zero', '%', 2 ** 53]);
      if (r < 0.6) return Array.from({ length: Math.floor(random() * 4) }, () => value(depth + 1));
      return Object.fromEntries(
        Array.from({ length: Math.floor(random() * 4) }, () => [
          pick(['id', 'path', 'name', 'options', '__proto__', 'constructor', printable(4)]),
          value(depth + 1),
        ]),
      );
    };
    let sent = 0;
    for (let i = 0; i < 300; i++) {
      const r = random();
      if (r < 0.25) ws.send(printable(1 + Math.floor(random() * 40)));
      else if (r < 0.45) ws.send(JSON.stringify(value(0)));
      else if (r < 0.5) ws.send(junk(20));
      else {
        const method = pick(methods);
        ws.send(JSON.stringify({ type: 'invoke', id: i, method, args: value(0) }));
        sent++;
      }
    }
    for (let t = 0; t < 200 && replies.filter((r) => r.id !== null).length < sent; t++) await new Promise((r) => setTimeout(r, 25));
    expect(replies.filter((r) => typeof r.id === 'number').length).toBe(sent);
    ws.close();
  });

  it('afterwards serve still answers HTTP and calls, and nothing reached the last resort', async () => {
    const res = await fetch(`http://127.0.0.1:${serve.port}/`);
    expect(res.status).toBe(200);
    expect((await callOnce(serve.port, serve.token, 'system.info')).ok).toBe(true);
    expect(uncaught).toEqual([]);
  });
});
