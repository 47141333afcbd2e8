/**
 * Counts the Table requests Azurite (in this process) answers, by phase, table, method and status,
 * with Azurite's own time per request: from Node's http.server diagnostics channels, so nothing in
 * src is touched. Used to say where a bot's Table requests (and retries) go.
 */
import diagnostics_channel from 'node:diagnostics_channel';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';

export interface TraceRow {
  phase: string;
  table: string;
  op: string;
  status: number;
  n: number;
  ms: number;
}

interface ServerMessage {
  request: IncomingMessage;
  response: ServerResponse;
  server: Server;
}

export class TableTrace {
  phase = '';
  private readonly rows = new Map<string, TraceRow>();
  private readonly started = new WeakMap<IncomingMessage, number>();
  private readonly onStart = (m: unknown) => {
    const { request, server } = m as ServerMessage;
    if (this.isAzurite(server)) this.started.set(request, performance.now());
  };
  private readonly onFinish = (m: unknown) => {
    const { request, response, server } = m as ServerMessage;
    if (!this.isAzurite(server)) return;
    const t0 = this.started.get(request);
    const ms = t0 === undefined ? 0 : performance.now() - t0;
    const path = decodeURIComponent((request.url ?? '').split('?')[0]);
    const match = /^\/[^/]+\/([A-Za-z0-9]+)(\((?!\)))?(\(\))?/.exec(path);
    let table = match?.[1] ?? path;
    for (const [prefix, name] of this.prefixes) if (table.startsWith(prefix)) table = name + table.slice(prefix.length);
    const entity = match?.[2] === '(';
    const ifMatch = request.headers['if-match'] ? ' If-Match' : '';
    const op = `${request.method}${entity ? ' entity' : match?.[3] ? ' query' : ''}${ifMatch}`;
    const key = `${this.phase}|${table}|${op}|${response.statusCode}`;
    const row = this.rows.get(key) ?? { phase: this.phase, table, op, status: response.statusCode, n: 0, ms: 0 };
    row.n += 1;
    row.ms += ms;
    this.rows.set(key, row);
  };

  constructor(
    private readonly port: number,
    /** Table name prefixes to show shorter, e.g. ['t1abcde', 'bv:'] */
    private readonly prefixes: [string, string][] = [],
  ) {
    diagnostics_channel.subscribe('http.server.request.start', this.onStart);
    diagnostics_channel.subscribe('http.server.response.finish', this.onFinish);
  }

  private isAzurite(server: Server): boolean {
    const address = server?.address?.();
    return typeof address === 'object' && address !== null && address.port === this.port;
  }

  rowsFor(phase: string): TraceRow[] {
    return [...this.rows.values()].filter((r) => r.phase === phase).sort((a, b) => (a.table + a.op).localeCompare(b.table + b.op) || a.status - b.status);
  }

  stop(): void {
    diagnostics_channel.unsubscribe('http.server.request.start', this.onStart);
    diagnostics_channel.unsubscribe('http.server.response.finish', this.onFinish);
  }
}
