// `npm start`: the desktop app when Electron's binary is installed; otherwise (a
// headless box, or an offline install where the binary could not download) the same
// app in serve mode, opened from a browser.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

function electronBinary() {
  const pathFile = path.join('node_modules', 'electron', 'path.txt');
  if (!existsSync(pathFile)) return null;
  const bin = path.join('node_modules', 'electron', 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(bin) ? bin : null;
}

const extra = process.argv.slice(2);
const bin = electronBinary();
const [cmd, args] = bin ? [bin, ['.', ...extra]] : [process.execPath, ['bin/mistudio.js', 'serve', ...extra]];
if (!bin) console.log('Electron is not installed here (its binary downloads on first install); starting serve mode instead.');
const child = spawn(cmd, args, { stdio: 'inherit' });
child.on('exit', (code) => process.exit(code ?? 0));
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
