/**
 * Spawn the Microsoft 365 Agents Playground (`@microsoft/m365agentsplayground`, a devDependency)
 * against a bot endpoint, wait until its web UI answers, and stop it again.
 *
 * Used by `npm start` (src/dev/start.ts) and by the browser tests (test/helpers/playground.ts).
 * No botbuilder imports here: this is plain process management.
 *
 * Facts about playground 0.2.28 that this code relies on (checked by reading its bundled
 * dist/index.js and by running it):
 * - `cli.js` is the entry of the `agentsplayground` bin; we run it with `process.execPath`
 *   so that no shell and no `.bin` shim is needed.
 * - `TEAMSAPPTESTER_BROWSER=none` stops it from opening a browser itself.
 * - `-p 0` gives a free port; it prints `Listening on <port>` on stdout (also when stdout is
 *   a pipe). A busy fixed port silently falls back to a random one, so we always read the
 *   port from stdout instead of trusting the one we asked for.
 * - It listens on all interfaces (no host option): do not run it on an untrusted network.
 * - It writes a log to `./devTools/m365agentsplayground.log` relative to its cwd unless
 *   `M365_AGENTS_PLAYGROUND_LOGFILE` is set; we point that at the temp dir so the repo stays clean.
 * - Its mocked Bot Connector is `http://localhost:<port>/_connector` (no trailing slash); that is
 *   the `serviceUrl` in every activity it sends.
 * - Config file: `.m365agentsplayground.yml` in its cwd, or `M365_AGENTS_PLAYGROUND_CONFIG_PATH`.
 */
import { spawn, ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';

export interface PlaygroundOptions {
  /** The bot's messaging endpoint, e.g. http://127.0.0.1:3978/api/messages */
  botEndpoint: string;
  /** UI/connector port. Default 0 (a free port). The tool's own default is 56150. */
  port?: number;
  /** Channel id put in activities. Default 'msteams'. */
  channelId?: 'msteams' | 'directline' | 'webchat' | 'emulator' | 'agents';
  /** Path of a `.m365agentsplayground.yml` (users, team, channel, tenant, bot id/name). */
  configFile?: string;
  /** Fixed personal-chat conversation id (otherwise a random uuid per playground start). */
  conversationId?: string;
  /** Working directory of the playground process. Default: process.cwd(). */
  cwd?: string;
  /** Where the playground writes its own log. Default: a file in os.tmpdir(). */
  logFile?: string;
  /** Let the playground open the system browser itself. Default false. */
  openBrowser?: boolean;
  /** Extra environment variables for the playground process. */
  env?: NodeJS.ProcessEnv;
  /** How long to wait for the UI to answer. Default 30 s. */
  readyTimeoutMs?: number;
  /** Receives every line the playground prints (stdout and stderr). Default: discard. */
  onOutput?: (line: string) => void;
}

export interface PlaygroundHandle {
  /** UI address, e.g. http://127.0.0.1:41235 (open this in the browser). */
  url: string;
  port: number;
  /** The serviceUrl the playground puts in activities (its mocked Bot Connector). */
  serviceUrl: string;
  pid: number;
  /** Last lines of the playground's output, for error messages. */
  recentOutput(): string;
  /** Kill the playground (process group on POSIX) and wait for it to exit. Idempotent. */
  stop(): Promise<void>;
}

/** Absolute path of the playground's JS entry (cli.js), or a clear error if not installed. */
export function playgroundCliPath(): string {
  let pkgJson: string;
  try {
    pkgJson = require.resolve('@microsoft/m365agentsplayground/package.json');
  } catch {
    throw new Error(
      '@microsoft/m365agentsplayground is not installed (it is a devDependency: run `npm ci` without --omit=dev).',
    );
  }
  return path.join(path.dirname(pkgJson), 'cli.js');
}

export async function startPlayground(options: PlaygroundOptions): Promise<PlaygroundHandle> {
  const cli = playgroundCliPath();
  const args = [
    cli,
    '-e', options.botEndpoint,
    '-c', options.channelId ?? 'msteams',
    '-p', String(options.port ?? 0),
    '--disable-telemetry',
  ];
  if (options.conversationId) args.push('--conversation-id', options.conversationId);

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    M365_AGENTS_PLAYGROUND_LOGFILE:
      options.logFile ?? path.join(os.tmpdir(), `m365agentsplayground-${process.pid}-${Date.now()}.log`),
    ...options.env,
  };
  // Any value but 'none' (or unset) makes the playground open the system browser itself.
  if (options.openBrowser) {
    if (env.TEAMSAPPTESTER_BROWSER === 'none') delete env.TEAMSAPPTESTER_BROWSER;
  } else {
    env.TEAMSAPPTESTER_BROWSER = 'none';
  }
  if (options.configFile) {
    const abs = path.resolve(options.configFile);
    if (!fs.existsSync(abs)) throw new Error(`Playground config file not found: ${abs}`);
    env.M365_AGENTS_PLAYGROUND_CONFIG_PATH = abs;
  }

  const isWindows = process.platform === 'win32';
  const child = spawn(process.execPath, args, {
    cwd: options.cwd ?? process.cwd(),
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    // Own process group on POSIX, so stop() can kill the whole tree with kill(-pid).
    detached: !isWindows,
    windowsHide: true,
  });
  if (child.pid === undefined) throw new Error('Could not spawn the Agents Playground');
  const pid = child.pid;

  const lines: string[] = [];
  const recentOutput = (): string => lines.slice(-40).join('\n');
  let exited = false;
  const exitPromise = new Promise<void>((resolve) => {
    child.once('exit', () => {
      exited = true;
      resolve();
    });
  });

  let onPort: ((port: number) => void) | undefined;
  const portPromise = new Promise<number>((resolve) => (onPort = resolve));
  const collect = (stream: NodeJS.ReadableStream): void => {
    let buffer = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      buffer += chunk;
      let nl: number;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, nl).replace(/\r$/, '');
        buffer = buffer.slice(nl + 1);
        lines.push(line);
        if (lines.length > 200) lines.shift();
        options.onOutput?.(line);
        const m = /Listening on (\d+)/.exec(line);
        if (m) onPort?.(Number(m[1]));
      }
    });
  };
  collect(child.stdout!);
  collect(child.stderr!);

  const stop = async (): Promise<void> => {
    if (exited) return;
    killTree(child, isWindows, 'SIGTERM');
    const killed = await Promise.race([exitPromise.then(() => true), delay(5000).then(() => false)]);
    if (!killed) {
      killTree(child, isWindows, 'SIGKILL');
      await Promise.race([exitPromise, delay(2000)]);
    }
  };

  const timeoutMs = options.readyTimeoutMs ?? 30_000;
  try {
    const port = await withTimeout(
      Promise.race([
        portPromise,
        exitPromise.then(() => {
          throw new Error('exited before listening');
        }),
      ]),
      timeoutMs,
      'did not print "Listening on <port>"',
    );
    const url = `http://127.0.0.1:${port}`;
    await waitForHttp(url + '/', timeoutMs, () => exited);
    return {
      url,
      port,
      serviceUrl: `http://localhost:${port}/_connector`,
      pid,
      recentOutput,
      stop,
    };
  } catch (err) {
    await stop();
    throw new Error(
      `Agents Playground failed to start: ${(err as Error).message}\n--- playground output ---\n${recentOutput()}`,
    );
  }
}

function killTree(child: ChildProcess, isWindows: boolean, signal: NodeJS.Signals): void {
  try {
    if (!isWindows && child.pid !== undefined) process.kill(-child.pid, signal);
    else child.kill(signal);
  } catch {
    // already gone
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Poll `url` until it answers with any status below 500. */
export async function waitForHttp(url: string, timeoutMs: number, abort?: () => boolean): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (abort?.()) throw new Error('process exited while waiting for ' + url);
    const status = await new Promise<number>((resolve) => {
      const req = http.get(url, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', () => resolve(0));
      req.setTimeout(2000, () => req.destroy());
    });
    if (status > 0 && status < 500) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${url}`);
    await delay(150);
  }
}
