/**
 * Which Table requests each bot turn made, even with 20 turns in flight: an AsyncLocalStorage store
 * is entered when the bot's HTTP server starts a request, and every Table request the bot's SDK
 * sends to Azurite (http.client.request.start) is counted in the store of the turn that sent it.
 * Diagnostic only, from Node's diagnostics channels; nothing in src is touched.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import diagnostics_channel from 'node:diagnostics_channel';
import type { ClientRequest, IncomingMessage, Server, ServerResponse } from 'node:http';

export interface TurnTables {
  /** Table name (prefix removed) → requests this turn sent. */
  tables: Map<string, number>;
  total: number;
}

export class PerTurnTables {
  private readonly als = new AsyncLocalStorage<TurnTables>();
  private readonly byResponse = new WeakMap<ServerResponse, TurnTables>();
  /** Set by the caller before a turn's POST: the finished turn is reported to it. */
  onTurn?: (turn: TurnTables, request: IncomingMessage & { body?: any }) => void;

  private readonly onServerStart = (m: unknown) => {
    const { response, server } = m as { request: IncomingMessage; response: ServerResponse; server: Server };
    if (portOf(server) !== this.botPort) return;
    const turn: TurnTables = { tables: new Map(), total: 0 };
    this.byResponse.set(response, turn);
    this.als.enterWith(turn);
  };
  private readonly onServerFinish = (m: unknown) => {
    const { request, response, server } = m as { request: IncomingMessage; response: ServerResponse; server: Server };
    if (portOf(server) !== this.botPort) return;
    const turn = this.byResponse.get(response);
    if (turn) this.onTurn?.(turn, request); // restify has put the parsed activity on request.body
  };
  private readonly onClientStart = (m: unknown) => {
    const { request } = m as { request: ClientRequest };
    if (request.host !== '127.0.0.1' || !String(request.getHeader('host') ?? '').endsWith(`:${this.storagePort}`)) return;
    const turn = this.als.getStore();
    if (!turn) return;
    const table = (/^\/[^/]+\/([A-Za-z0-9]+)/.exec(request.path)?.[1] ?? '?').replace(this.prefix, '');
    turn.tables.set(table, (turn.tables.get(table) ?? 0) + 1);
    turn.total += 1;
  };

  constructor(
    private readonly botPort: number,
    private readonly storagePort: number,
    private readonly prefix: string,
  ) {
    diagnostics_channel.subscribe('http.server.request.start', this.onServerStart);
    diagnostics_channel.subscribe('http.server.response.finish', this.onServerFinish);
    diagnostics_channel.subscribe('http.client.request.start', this.onClientStart);
  }

  stop(): void {
    diagnostics_channel.unsubscribe('http.server.request.start', this.onServerStart);
    diagnostics_channel.unsubscribe('http.server.response.finish', this.onServerFinish);
    diagnostics_channel.unsubscribe('http.client.request.start', this.onClientStart);
  }
}

function portOf(server: Server): number | undefined {
  const address = server?.address?.();
  return typeof address === 'object' && address !== null ? address.port : undefined;
}
