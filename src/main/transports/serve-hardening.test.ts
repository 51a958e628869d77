import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../core';
import { createTestCore, removeDir, tempDir } from '../../../test/core-helpers';
import { ThrottledLog } from './refusal-log';
import { callOnce, clientFrame, closeCodeIn, rawExchange, rawWebSocket, statusOf, upgradeRequest } from './test-support';
import { MAX_FRAME_BYTES, startServeTransport, type ServeHandle } from './ws';

let core: Core;
let serve: ServeHandle;
let dir: string;
let host: string;
const uncaught: unknown[] = [];
const record = (e: unknown) => uncaught.push(e);

beforeAll(async () => {
  process.on('uncaughtException', record);
  process.on('unhandledRejection', record);
  dir = tempDir();
  core = await createTestCore(dir);
  const renderer = tempDir();
  writeFileSync(path.join(renderer, 'index.html'), '<!doctype html><title>miStudio</title>');
  serve = await startServeTransport(core, { host: '127.0.0.1', port: 0, rendererDir: renderer });
  host = `127.0.0.1:${serve.port}`;
});
afterAll(async () => {
  process.off('uncaughtException', record);
  process.off('unhandledRejection', record);
  await serve.close();
  await core.close();
  removeDir(dir);
});

async function stillServing(): Promise<void> {
  const res = await fetch(`http://${host}/`);
  expect(res.status).toBe(200);
  expect(res.headers.get('referrer-policy')).toBe('no-referrer'); // the page URL carries the token
  expect((await callOnce(serve.port, serve.token, 'jobs.list')).ok).toBe(true);
  expect(uncaught).toEqual([]);
}

describe('finding 1: malformed requests get a 4xx, never kill the process (no token needed to try)', () => {
  it('GET /% (bad percent-escape in the static handler) → 400', async () => {
    expect(statusOf(await rawExchange(serve.port, `GET /% HTTP/1.1\r\nHost: ${host}\r\n\r\n`))).toBe(400);
    expect(statusOf(await rawExchange(serve.port, `GET /assets/%E0%A4%A HTTP/1.1\r\nHost: ${host}\r\n\r\n`))).toBe(400);
    expect(statusOf(await rawExchange(serve.port, `GET /%00 HTTP/1.1\r\nHost: ${host}\r\n\r\n`))).toBe(400);
    await stillServing();
  });

  it('absolute-form request lines (new URL() throws on http://a:b:c/) → 400, in the request and the upgrade handler', async () => {
    expect(statusOf(await rawExchange(serve.port, `GET http://a:b:c/ HTTP/1.1\r\nHost: ${host}\r\n\r\n`))).toBe(400);
    expect(statusOf(await rawExchange(serve.port, upgradeRequest('http://a:b:c/', { Host: host })))).toBe(400);
    expect(statusOf(await rawExchange(serve.port, upgradeRequest(`http://${host}/api?token=${serve.token}`, { Host: host })))).toBe(400);
    await stillServing();
  });

  it('a malformed percent-escape in the upgrade URL → 400', async () => {
    expect(statusOf(await rawExchange(serve.port, upgradeRequest(`/api%zz?token=${serve.token}`, { Host: host })))).toBe(400);
    expect(statusOf(await rawExchange(serve.port, upgradeRequest('/%', { Host: host })))).toBe(400);
    expect(statusOf(await rawExchange(serve.port, upgradeRequest(`/api?token=%`, { Host: host })))).toBe(401);
    await stillServing();
  });
});

describe('finding 2: a token holder protocol error closes that connection only', () => {
  it('a frame over the payload limit is refused with close code 1009', async () => {
    const c = await rawWebSocket(serve.port, serve.token);
    c.socket.write(clientFrame(0x1, Buffer.alloc(16), { declaredLength: MAX_FRAME_BYTES + 1 }));
    await c.closed;
    expect(closeCodeIn(c.received())).toBe(1009);
    await stillServing();
  });

  it('a text frame with invalid UTF-8 is refused with close code 1007', async () => {
    const c = await rawWebSocket(serve.port, serve.token);
    c.socket.write(clientFrame(0x1, Buffer.from([0x7b, 0xff, 0xfe, 0x7d])));
    await c.closed;
    expect(closeCodeIn(c.received())).toBe(1007);
    await stillServing();
  });

  it('a reset mid-frame and an unmasked frame do not kill the process', async () => {
    const a = await rawWebSocket(serve.port, serve.token);
    a.socket.write(clientFrame(0x1, Buffer.from('{"type":"invoke"'), { declaredLength: 1000 }));
    a.socket.resetAndDestroy();
    const b = await rawWebSocket(serve.port, serve.token);
    b.socket.write(clientFrame(0x1, Buffer.from('{}'), { masked: false }));
    await b.closed;
    expect(closeCodeIn(b.received())).toBe(1002);
    await stillServing();
  });
});

describe('finding 9: Origin and Host checks on the upgrade; refusals are throttled', () => {
  const withToken = `/api?token=`;
  it('the served UI origin passes; a foreign origin or "null" is refused even with the token', async () => {
    const target = withToken + serve.token;
    expect(statusOf(await rawExchange(serve.port, upgradeRequest(target, { Host: host, Origin: `http://${host}` }), 300))).toBe(101);
    expect(statusOf(await rawExchange(serve.port, upgradeRequest(target, { Host: host, Origin: 'https://evil.example' })))).toBe(403);
    expect(statusOf(await rawExchange(serve.port, upgradeRequest(target, { Host: host, Origin: 'null' })))).toBe(403);
    expect(
      statusOf(await rawExchange(serve.port, upgradeRequest(target, { Host: host, Origin: `http://127.0.0.1:${serve.port + 1}` }))),
    ).toBe(403);
  });

  it('a Host that is not this server (DNS rebinding) is refused, same-origin or not', async () => {
    const target = withToken + serve.token;
    const rebound = `evil.example:${serve.port}`;
    expect(statusOf(await rawExchange(serve.port, upgradeRequest(target, { Host: rebound, Origin: `http://${rebound}` })))).toBe(403);
    expect(statusOf(await rawExchange(serve.port, upgradeRequest(target, { Host: undefined })))).toBe(403);
    expect(
      statusOf(
        await rawExchange(
          serve.port,
          upgradeRequest(target, { Host: `localhost:${serve.port}`, Origin: `http://localhost:${serve.port}` }),
          300,
        ),
      ),
    ).toBe(101);
  });

  it('2,000 refused connections write a handful of log lines, not 2,000', async () => {
    const log = path.join(dir, 'logs', 'main.log');
    const before = readFileSync(log, 'utf8').length;
    const wrong = upgradeRequest(`${withToken}wrong`, { Host: host });
    for (let i = 0; i < 2000; i += 50) {
      const batch = await Promise.all(Array.from({ length: 50 }, () => rawExchange(serve.port, wrong)));
      expect(batch.every((r) => statusOf(r) === 401)).toBe(true);
    }
    const added = readFileSync(log, 'utf8').slice(before);
    const lines = added.split('\n').filter((l) => l.includes('refused a WebSocket connection'));
    expect(lines.length).toBeLessThanOrEqual(5);
    expect(added.length).toBeLessThan(2000);
    await stillServing();
  });

  it('the throttle logs what it held back as one line when its window ends', () => {
    const lines: string[] = [];
    const throttled = new ThrottledLog({ info: () => undefined, warn: (m) => lines.push(m), error: () => undefined }, 60_000, 2);
    for (let i = 0; i < 10; i++) throttled.warn('wrong token', `refused #${i}`);
    expect(lines).toEqual(['refused #0', 'refused #1']);
    throttled.flush();
    expect(lines[2]).toBe('8 more like this (wrong token) in the last 60 s; the last: refused #9');
  });
});
