/**
 * The real server (`src/index.ts`, as `npm run serve` runs it) in a child process the test can
 * kill -9. Starting it through ts-node takes about 6 s on this machine; the sources are therefore
 * transpiled once per test file (TypeScript's transpileModule, no type check: `npm test` type-checks)
 * into node_modules/.cache, from where a start takes under 2 s. repoRoot() still finds cards/
 * (it walks up to the package.json), and node_modules resolve as usual.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import ts from 'typescript';
import { repoRoot } from '../../src/repoRoot';
import { privacyWatch } from './privacyWatch';

export interface ServerBuild {
  /** The compiled src/index.js. */
  entry: string;
  remove(): void;
}

export function buildServerForChildProcess(): ServerBuild {
  const root = repoRoot(__dirname);
  const out = path.join(root, 'node_modules', '.cache', 'brudvagt-e2e', `${process.pid}-${Date.now().toString(36)}`);
  const compilerOptions: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.CommonJS,
    esModuleInterop: true,
    resolveJsonModule: true,
  };
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(file);
      else if (file.endsWith('.ts')) {
        const js = ts.transpileModule(fs.readFileSync(file, 'utf8'), { compilerOptions, fileName: file }).outputText;
        const target = path.join(out, path.relative(root, file)).replace(/\.ts$/, '.js');
        fs.mkdirSync(path.dirname(target), { recursive: true });
        fs.writeFileSync(target, js);
      }
    }
  };
  walk(path.join(root, 'src'));
  return { entry: path.join(out, 'src', 'index.js'), remove: () => fs.rmSync(out, { recursive: true, force: true }) };
}

export interface ServerProcess {
  port: number;
  url: string;
  child: ChildProcess;
  /** stdout + stderr so far (JSON log lines, the start banner), for a failing assertion's message. */
  output(): string;
  /** SIGKILL, and wait until the process is gone. */
  kill9(): Promise<void>;
  /** SIGTERM (clean stop), SIGKILL after 5 s. */
  stop(): Promise<void>;
}

const running = new Set<ChildProcess>();

/** Every server child still alive: after hooks call this, so no test leaks a process. */
export async function killAllServerProcesses(): Promise<void> {
  await Promise.all([...running].map((child) => killAndWait(child, 'SIGKILL')));
}

function killAndWait(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill(signal);
  return gone;
}

/** Starts `node <entry>` with PORT=0 and the given environment; resolves with the port it printed. */
export async function startServerProcess(entry: string, env: Record<string, string>): Promise<ServerProcess> {
  const child = spawn(process.execPath, [entry], {
    env: { PATH: process.env.PATH ?? '', PORT: '0', REMINDER_SWEEP: 'off', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  child.once('exit', () => running.delete(child));
  let output = '';
  // The server's pino lines go to the suite-wide privacy scan too (only JSON lines: the banner and the
  // SDK's own console output are not the operational log).
  let partial = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    output += String(chunk);
    const lines = (partial + String(chunk)).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) if (line.startsWith('{')) privacyWatch.logLine(line);
  });
  child.stderr!.on('data', (chunk: Buffer) => (output += String(chunk)));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in 20 s:\n${output.slice(-1500)}`)), 20000);
    const check = () => {
      const match = /listens on http:\/\/localhost:(\d+)\//.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    };
    child.stdout!.on('data', check);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code ?? signal}) before listening:\n${output.slice(-1500)}`));
    });
  });
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    child,
    output: () => output,
    kill9: () => killAndWait(child, 'SIGKILL'),
    async stop() {
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await killAndWait(child, 'SIGTERM');
      clearTimeout(timer);
    },
  };
}
