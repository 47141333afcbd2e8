/**
 * `npm run package` (src/dev/packageApp.ts): the zip holds the manifest with the ids from the environment,
 * still valid against the official schema, and the icons and localization files byte for byte; it is
 * refused while an id or URL is a placeholder.
 */
import { strict as assert } from 'node:assert';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { buildAppPackage, PackageError, validateManifest } from '../../src/dev/packageApp';

const APP_PACKAGE = join(__dirname, '..', '..', 'appPackage');
const TEAMS_APP_ID = '5f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f';
const BOT_ID = '6a7b8c9d-0e1f-4a2b-9c3d-4e5f6a7b8c9d';

/** The entries of a zip, read from its central directory (what Teams does with the upload). */
function unzip(zip: Buffer): Map<string, Buffer> {
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  assert.ok(eocd >= 0, 'no end of central directory');
  const count = zip.readUInt16LE(eocd + 10);
  let pos = zip.readUInt32LE(eocd + 16);
  const entries = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    assert.equal(zip.readUInt32LE(pos), 0x02014b50, 'central directory entry');
    const method = zip.readUInt16LE(pos + 10);
    const compressed = zip.readUInt32LE(pos + 20);
    const nameLength = zip.readUInt16LE(pos + 28);
    const extra = zip.readUInt16LE(pos + 30);
    const comment = zip.readUInt16LE(pos + 32);
    const local = zip.readUInt32LE(pos + 42);
    const name = zip.toString('utf8', pos + 46, pos + 46 + nameLength);
    const dataStart = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const data = zip.subarray(dataStart, dataStart + compressed);
    entries.set(name, method === 8 ? inflateRawSync(data) : Buffer.from(data));
    pos += 46 + nameLength + extra + comment;
  }
  return entries;
}

/** appPackage/ copied with the municipality's own pages in place of the repository's example.org ones. */
function tenantReadyCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'brudvagt-pkg-'));
  cpSync(APP_PACKAGE, dir, { recursive: true });
  const file = join(dir, 'manifest.json');
  writeFileSync(file, readFileSync(file, 'utf8').replace(/https:\/\/example\.org\/brudvagt/g, 'https://www.testkommune.dk/brudvagt'));
  return dir;
}

describe('npm run package: the Teams app zip', () => {
  it('holds the manifest with TEAMS_APP_ID and BOT_ID, valid against the official schema, and the files as they are', async () => {
    const dir = tenantReadyCopy();
    try {
      const built = await buildAppPackage({ appPackageDir: dir, env: { TEAMS_APP_ID, BOT_ID, APP_DOMAIN: 'brudvagt.azurewebsites.net' } });
      const entries = unzip(built.zip);
      assert.deepEqual([...entries.keys()].sort(), ['color.png', 'en.json', 'manifest.json', 'outline.png']);
      const manifest = JSON.parse(entries.get('manifest.json')!.toString('utf8'));
      assert.equal(manifest.id, TEAMS_APP_ID);
      assert.deepEqual(manifest.bots.map((b: { botId: string }) => b.botId), [BOT_ID]);
      assert.deepEqual(manifest.validDomains, ['brudvagt.azurewebsites.net']);
      validateManifest(manifest, { 'en.json': JSON.parse(entries.get('en.json')!.toString('utf8')) });
      for (const f of ['color.png', 'outline.png', 'en.json']) assert.ok(entries.get(f)!.equals(readFileSync(join(dir, f))), `${f} byte for byte`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  const refused = async (dir: string, env: NodeJS.ProcessEnv, pattern: RegExp) => {
    await assert.rejects(() => buildAppPackage({ appPackageDir: dir, env }), (error: unknown) => {
      assert.ok(error instanceof PackageError, String(error));
      assert.match(error.message, pattern);
      return true;
    });
  };

  it('refuses missing or placeholder ids', async () => {
    const dir = tenantReadyCopy();
    try {
      await refused(dir, {}, /TEAMS_APP_ID must be the Teams app id[\s\S]*BOT_ID must be/);
      await refused(dir, { TEAMS_APP_ID: '00000000-0000-4000-8000-00000000b4d7', BOT_ID }, /TEAMS_APP_ID is a placeholder id/);
      await refused(dir, { TEAMS_APP_ID, BOT_ID: '00000000-0000-4000-8000-000000000b07' }, /BOT_ID is a placeholder id/);
      await refused(dir, { TEAMS_APP_ID, BOT_ID: 'brudvagt-bot' }, /BOT_ID must be/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses placeholder URLs: the repository\'s own example.org pages, localhost, template values', async () => {
    await refused(APP_PACKAGE, { TEAMS_APP_ID, BOT_ID }, /developer\.websiteUrl is a placeholder URL \(https:\/\/example\.org/);
    const dir = tenantReadyCopy();
    try {
      const file = join(dir, 'manifest.json');
      const m = JSON.parse(readFileSync(file, 'utf8'));
      m.developer.privacyUrl = 'http://localhost:3978/privacy';
      m.developer.termsOfUseUrl = 'https://${{APP_DOMAIN}}/terms';
      writeFileSync(file, JSON.stringify(m));
      await refused(dir, { TEAMS_APP_ID, BOT_ID }, /developer\.privacyUrl is a placeholder URL[\s\S]*developer\.termsOfUseUrl is a placeholder URL/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('takes the municipality\'s pages and name from the environment, so the repository\'s manifest needs no edit', async () => {
    const built = await buildAppPackage({
      appPackageDir: APP_PACKAGE,
      env: { TEAMS_APP_ID, BOT_ID, ORG_NAME: 'Ishøj Kommune', APP_WEBSITE_URL: 'https://www.ishoj.dk/brudvagt', APP_PRIVACY_URL: 'https://www.ishoj.dk/privatliv', APP_TERMS_URL: 'https://www.ishoj.dk/vilkaar' },
    });
    const manifest = JSON.parse(unzip(built.zip).get('manifest.json')!.toString('utf8'));
    assert.deepEqual(manifest.developer, { name: 'Ishøj Kommune', websiteUrl: 'https://www.ishoj.dk/brudvagt', privacyUrl: 'https://www.ishoj.dk/privatliv', termsOfUseUrl: 'https://www.ishoj.dk/vilkaar' });
    await refused(APP_PACKAGE, { TEAMS_APP_ID, BOT_ID, APP_WEBSITE_URL: 'https://www.ishoj.dk/', APP_PRIVACY_URL: 'https://www.example.com/p', APP_TERMS_URL: 'https://www.ishoj.dk/v' }, /developer\.privacyUrl is a placeholder URL/);
  });

  it('refuses a manifest the schema refuses', async () => {
    const dir = tenantReadyCopy();
    try {
      const file = join(dir, 'manifest.json');
      const m = JSON.parse(readFileSync(file, 'utf8'));
      m.name.short = 'x'.repeat(40); // the schema allows 30
      writeFileSync(file, JSON.stringify(m));
      await refused(dir, { TEAMS_APP_ID, BOT_ID }, /manifest\.json\/name\/short/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
