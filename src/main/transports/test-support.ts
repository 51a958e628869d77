/** Loopback clients for the serve-mode tests: raw HTTP bytes and hand-built WebSocket frames. */
import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import WebSocket from 'ws';

/** Sends raw bytes on a fresh connection; resolves with what came back once the server closes (or after `waitMs`). */
export function rawExchange(port: number, bytes: string | Buffer, waitMs = 1000): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const socket = connect(port, '127.0.0.1');
    const done = () => {
      clearTimeout(timer);
      socket.destroy();
      resolve(Buffer.concat(chunks).toString('latin1'));
    };
    const timer = setTimeout(done, waitMs);
    socket.on('data', (d) => chunks.push(d));
    socket.on('error', done);
    socket.on('close', done);
    socket.write(bytes);
  });
}

/** The status code of the first response line ("HTTP/1.1 400 Bad Request" → 400), or null. */
export function statusOf(response: string): number | null {
  const m = /^HTTP\/1\.[01] (\d{3})/.exec(response);
  return m ? Number(m[1]) : null;
}

export function upgradeRequest(target: string, headers: Record<string, string | undefined> = {}): string {
  const all: Record<string, string | undefined> = {
    Host: headers.Host,
    Upgrade: 'websocket',
    Connection: 'Upgrade',
    'Sec-WebSocket-Key': randomBytes(16).toString('base64'),
    'Sec-WebSocket-Version': '13',
    ...headers,
  };
  const lines = Object.entries(all)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}: ${v}`);
  return `GET ${target} HTTP/1.1\r\n${lines.join('\r\n')}\r\n\r\n`;
}

/** Opens a WebSocket by hand (so the test can then write frames no real client would). */
export function rawWebSocket(port: number, token: string): Promise<{ socket: Socket; received: () => Buffer; closed: Promise<void> }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    let upgraded = false;
    const closed = new Promise<void>((r) => socket.on('close', () => r()));
    socket.on('error', () => undefined);
    socket.on('data', (d) => {
      chunks.push(d);
      if (!upgraded && Buffer.concat(chunks).includes('\r\n\r\n')) {
        upgraded = true;
        const head = Buffer.concat(chunks).toString('latin1');
        if (statusOf(head) !== 101) return reject(new Error(`upgrade refused: ${head.split('\r\n')[0]}`));
        chunks.length = 0;
        chunks.push(Buffer.from(head.slice(head.indexOf('\r\n\r\n') + 4), 'latin1'));
        resolve({ socket, received: () => Buffer.concat(chunks), closed });
      }
    });
    socket.write(upgradeRequest(`/api?token=${token}`, { Host: `127.0.0.1:${port}` }));
  });
}

/**
 * A client→server frame (RFC 6455 §5.2): FIN + opcode, masked payload. `declaredLength`
 * lets a test claim a length it never sends (an oversized frame).
 */
export function clientFrame(
  opcode: number,
  payload: Buffer,
  opts: { declaredLength?: number; fin?: boolean; rsv?: number; masked?: boolean } = {},
): Buffer {
  const len = opts.declaredLength ?? payload.length;
  const masked = opts.masked ?? true;
  const head: number[] = [((opts.fin ?? true) ? 0x80 : 0) | ((opts.rsv ?? 0) << 4) | opcode];
  const maskBit = masked ? 0x80 : 0;
  if (len < 126) head.push(maskBit | len);
  else if (len < 65536) head.push(maskBit | 126, len >> 8, len & 0xff);
  else {
    head.push(maskBit | 127);
    const big = Buffer.alloc(8);
    big.writeBigUInt64BE(BigInt(len));
    head.push(...big);
  }
  const mask = masked ? randomBytes(4) : Buffer.alloc(0);
  const body = Buffer.from(payload.map((b, i) => (masked ? b ^ mask[i % 4]! : b)));
  return Buffer.concat([Buffer.from(head), mask, body]);
}

/** The close code of the first close frame among the server's (unmasked) frames in `bytes`, or null. */
export function closeCodeIn(bytes: Buffer): number | null {
  let i = 0;
  while (i + 2 <= bytes.length) {
    const opcode = bytes[i]! & 0x0f;
    let len = bytes[i + 1]! & 0x7f;
    let at = i + 2;
    if (len === 126) {
      len = bytes.readUInt16BE(at);
      at += 2;
    } else if (len === 127) {
      len = Number(bytes.readBigUInt64BE(at));
      at += 8;
    }
    if (opcode === 0x8) return len >= 2 ? bytes.readUInt16BE(at) : null;
    i = at + len;
  }
  return null;
}

/** One call over a fresh (real) WebSocket client; resolves with the reply's envelope. */
export function callOnce(port: number, token: string, method: string, args: unknown = {}): Promise<{ ok: boolean }> {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/api?token=${token}`);
  return new Promise<{ ok: boolean }>((resolve, reject) => {
    ws.once('error', reject);
    ws.once('open', () => ws.send(JSON.stringify({ type: 'invoke', id: 1, method, args })));
    ws.once('message', (d) => resolve((JSON.parse(d.toString()) as { envelope: { ok: boolean } }).envelope));
  }).finally(() => ws.close());
}
