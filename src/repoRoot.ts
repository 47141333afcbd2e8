import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The folder holding package.json: the same from src/ (ts-node) and dist/src/ (compiled). */
export function repoRoot(from: string = __dirname): string {
  let dir = from;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('package.json not found above ' + from);
    dir = parent;
  }
  return dir;
}
