/**
 * The durability barrier of the embedded store: writes Azurite's LokiJS database to its file
 * before a person is told "saved".
 *
 * LokiJS keeps the whole store in memory and, on its own, saves every 5 s (autosave): a kill -9
 * in that window lost acknowledged writes. Here the barrier takes over every save:
 * - only when something is dirty (Loki's per-collection dirty flags, set by insert/update/remove);
 * - coalesced: at most one save runs and at most one is queued; a caller arriving while a save
 *   runs waits for the next one (its write may be newer than the running save's snapshot), all
 *   callers arriving meanwhile share that queued save;
 * - atomic: the snapshot is taken synchronously (JSON of the whole db, so no write can slip in
 *   half-way), written to a temporary file, fsynced, and renamed over the database file. A kill -9
 *   (or a power cut) during a save leaves the previous, complete file; Loki never reads the
 *   temporary one.
 * A background save every `idleSaveMs` replaces Loki's autosave for writes no activity follows.
 */
import { promises as fsp } from 'node:fs';
import { performance } from 'node:perf_hooks';
import * as path from 'node:path';
import type { DurabilityBarrier } from '../app/ports';

/** The little of a LokiJS database that is used here. */
export interface LokiLike {
  collections: { dirty: boolean }[];
  autosaveDirty(): boolean;
  autosaveDisable(): void;
  serialize(): string;
}

export interface FlushStats {
  /** Saves made (each wrote the whole file). */
  saves: number;
  /** flush() calls answered without a save of their own (clean, or sharing a running/queued one). */
  coalesced: number;
  lastSaveMs: number;
  /** Length of the last saved JSON (characters; about the file's bytes, Danish letters count 2). */
  lastChars: number;
}

export class LokiFlusher implements DurabilityBarrier {
  private running: Promise<void> | null = null;
  private queued: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  readonly stats: FlushStats = { saves: 0, coalesced: 0, lastSaveMs: 0, lastChars: 0 };
  /** Called after each completed save (the benchmark's figures): whole save, the blocking serialize, JSON length. */
  onSave?: (saveMs: number, serializeMs: number, chars: number) => void;

  constructor(
    private readonly db: LokiLike,
    private readonly file: string,
    opts: { idleSaveMs?: number; onBackgroundError?: (error: unknown) => void } = {},
  ) {
    // The barrier is the only writer from now on: two writers would race on the file.
    db.autosaveDisable();
    const idleSaveMs = opts.idleSaveMs ?? 5000;
    if (idleSaveMs > 0) {
      this.timer = setInterval(() => {
        this.flush().catch((error) => opts.onBackgroundError?.(error));
      }, idleSaveMs);
      this.timer.unref();
    }
  }

  flush(): Promise<void> {
    if (this.queued) {
      this.stats.coalesced += 1;
      return this.queued; // not yet snapshotted: it will include whatever this caller wrote
    }
    if (this.running) {
      if (!this.db.autosaveDirty()) {
        // Nothing changed since the running save took its snapshot: that save covers this caller.
        this.stats.coalesced += 1;
        return this.running;
      }
      const after = this.running.catch(() => undefined);
      this.queued = after.then(() => {
        this.queued = null;
        return this.save();
      });
      return this.queued;
    }
    if (!this.db.autosaveDirty()) {
      this.stats.coalesced += 1;
      return Promise.resolve();
    }
    return this.save();
  }

  /** Stops the background save (the last save is the caller's: flush, then close the store). */
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private save(): Promise<void> {
    const started = performance.now();
    // Synchronous: snapshot and clean flags together, so a write after this line makes the db dirty again.
    const json = this.db.serialize();
    for (const c of this.db.collections) c.dirty = false;
    const serializeMs = performance.now() - started;
    const saving = writeAtomically(this.file, json).then(
      () => {
        this.stats.saves += 1;
        this.stats.lastSaveMs = performance.now() - started;
        this.stats.lastChars = json.length;
        this.onSave?.(this.stats.lastSaveMs, serializeMs, json.length);
      },
      (error) => {
        // Not on disk: mark dirty again so the next flush retries, and fail this one (no "saved").
        for (const c of this.db.collections) c.dirty = true;
        throw error;
      },
    );
    const tracked: Promise<void> = saving.finally(() => {
      if (this.running === tracked) this.running = null;
    });
    this.running = tracked;
    return tracked;
  }
}

/**
 * Temp file + fsync + rename + fsync of the folder. Loki's own fs adapter writes `<file>~` and renames
 * (atomic against a kill, not against a power cut: no fsync); a different temp name keeps the two
 * from ever sharing a half-written file (Loki still saves on close).
 */
export async function writeAtomically(file: string, data: string): Promise<void> {
  const temp = `${file}.saving`;
  const handle = await fsp.open(temp, 'w');
  try {
    await handle.writeFile(data, 'utf8');
    await handle.datasync();
  } finally {
    await handle.close();
  }
  await fsp.rename(temp, file);
  const dir = await fsp.open(path.dirname(file), 'r');
  try {
    await dir.sync(); // the rename itself survives a power cut
  } catch {
    // some file systems refuse fsync on a directory; the rename is still atomic
  } finally {
    await dir.close();
  }
}
