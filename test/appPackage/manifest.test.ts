import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { inflateSync } from 'node:zlib';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

/*
 * The Teams app package (appPackage/) checked offline against the official schemas bundled in
 * @microsoft/app-manifest, for the manifest version the manifest itself declares.
 */

const PKG_DIR = join(__dirname, '..', '..', 'appPackage');
const SCHEMA_ROOT = join(dirname(require.resolve('@microsoft/app-manifest')), 'json-schemas', 'teams');

type Json = Record<string, unknown>;

interface Command {
  title: string;
  description?: string;
}
interface CommandList {
  scopes: string[];
  commands: Command[];
}
interface Manifest {
  $schema: string;
  manifestVersion: string;
  icons: { color: string; outline: string };
  localizationInfo: {
    defaultLanguageTag: string;
    defaultLanguageFile?: string;
    additionalLanguages?: { languageTag: string; file: string }[];
  };
  bots: { botId: string; scopes: string[]; commandLists: CommandList[] }[];
}

function readJson(path: string): Json {
  return JSON.parse(readFileSync(path, 'utf8')) as Json;
}

/** Every draft-04 construct whose meaning differs in draft-07 (boolean exclusiveMin/Max, `id`). */
function draft04Only(node: unknown, path = '#', found: string[] = []): string[] {
  if (Array.isArray(node)) {
    node.forEach((item, i) => draft04Only(item, `${path}/${i}`, found));
  } else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if ((key === 'exclusiveMinimum' || key === 'exclusiveMaximum') && typeof value === 'boolean') {
        found.push(`${path}/${key}`);
      }
      if (key === 'id' && typeof value === 'string') found.push(`${path}/${key}`);
      draft04Only(value, `${path}/${key}`, found);
    }
  }
  return found;
}

/**
 * Compiles a bundled Teams schema. The schemas declare draft-04, which ajv 8 does not ship; they use
 * no draft-04-only keyword (asserted), so they are compiled as draft-07 with `$schema` removed.
 * `unicodeRegExp: false`: the schema patterns are plain JS regexes (the Localization schema has an
 * unescaped `]` that is an error under the `u` flag).
 */
function compileSchema(version: string, file: string): ValidateFunction {
  const path = join(SCHEMA_ROOT, `v${version}`, file);
  assert.ok(existsSync(path), `no bundled schema ${file} for manifest version ${version}`);
  const schema = readJson(path);
  assert.equal(schema.$schema, 'http://json-schema.org/draft-04/schema#', `${file}: unexpected meta-schema`);
  assert.deepEqual(draft04Only(schema), [], `${file} uses draft-04-only keywords`);
  delete schema.$schema;
  const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false });
  addFormats(ajv);
  return ajv.compile(schema);
}

function assertValid(validate: ValidateFunction, data: unknown, what: string): void {
  const ok = validate(data);
  assert.ok(ok, `${what} is invalid:\n${JSON.stringify(validate.errors, null, 2)}`);
}

// ------------------------------------------------------------------ PNG decoding

interface Png {
  width: number;
  height: number;
  bitDepth: number;
  colorType: number;
  interlace: number;
  filters: number[];
  /** RGBA, 4 bytes a pixel (only for 8-bit RGBA/RGB images). */
  pixels?: Uint8Array;
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function crc32(buf: Uint8Array): number {
  let c = 0xffffffff;
  for (const byte of buf) {
    c ^= byte;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  }
  return (c ^ 0xffffffff) >>> 0;
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

function decodePng(buf: Buffer): Png {
  assert.ok(buf.subarray(0, 8).equals(PNG_SIGNATURE), 'not a PNG (bad signature)');
  let pos = 8;
  let header: Omit<Png, 'filters' | 'pixels'> | undefined;
  const idat: Buffer[] = [];
  let ended = false;
  while (pos < buf.length) {
    const len = buf.readUInt32BE(pos);
    const type = buf.toString('ascii', pos + 4, pos + 8);
    const data = buf.subarray(pos + 8, pos + 8 + len);
    const crc = buf.readUInt32BE(pos + 8 + len);
    assert.equal(crc, crc32(buf.subarray(pos + 4, pos + 8 + len)), `bad CRC in ${type} chunk`);
    if (pos === 8) assert.equal(type, 'IHDR', 'first chunk must be IHDR');
    if (type === 'IHDR') {
      header = {
        width: data.readUInt32BE(0),
        height: data.readUInt32BE(4),
        bitDepth: data[8]!,
        colorType: data[9]!,
        interlace: data[12]!,
      };
    } else if (type === 'IDAT') {
      idat.push(data);
    } else if (type === 'IEND') {
      ended = true;
      break;
    }
    pos += 12 + len;
  }
  assert.ok(header, 'no IHDR');
  assert.ok(ended, 'no IEND');
  const png: Png = { ...header, filters: [] };
  const channels = header.colorType === 6 ? 4 : header.colorType === 2 ? 3 : 0;
  if (header.bitDepth !== 8 || channels === 0 || header.interlace !== 0) return png; // only sizes checked

  const raw = inflateSync(Buffer.concat(idat));
  const stride = header.width * channels;
  assert.equal(raw.length, (stride + 1) * header.height, 'unexpected image data length');
  const img = new Uint8Array(stride * header.height);
  for (let y = 0; y < header.height; y++) {
    const filter = raw[y * (stride + 1)]!;
    png.filters.push(filter);
    for (let x = 0; x < stride; x++) {
      const v = raw[y * (stride + 1) + 1 + x]!;
      const a = x >= channels ? img[y * stride + x - channels]! : 0;
      const b = y > 0 ? img[(y - 1) * stride + x]! : 0;
      const c = x >= channels && y > 0 ? img[(y - 1) * stride + x - channels]! : 0;
      let pred: number;
      switch (filter) {
        case 0: pred = 0; break;
        case 1: pred = a; break;
        case 2: pred = b; break;
        case 3: pred = (a + b) >> 1; break;
        case 4: pred = paeth(a, b, c); break;
        default: throw new assert.AssertionError({ message: `row ${y}: unknown filter type ${filter}` });
      }
      img[y * stride + x] = (v + pred) & 0xff;
    }
  }
  const pixels = new Uint8Array(header.width * header.height * 4);
  for (let i = 0; i < header.width * header.height; i++) {
    pixels[i * 4] = img[i * channels]!;
    pixels[i * 4 + 1] = img[i * channels + 1]!;
    pixels[i * 4 + 2] = img[i * channels + 2]!;
    pixels[i * 4 + 3] = channels === 4 ? img[i * channels + 3]! : 255;
  }
  png.pixels = pixels;
  return png;
}

// ------------------------------------------------------------------ tests

describe('Teams app package (appPackage/)', () => {
  const manifestJson = readJson(join(PKG_DIR, 'manifest.json'));
  const manifest = manifestJson as unknown as Manifest;
  const version = manifest.manifestVersion;

  describe('manifest.json', () => {
    it('declares the same schema version in $schema and manifestVersion', () => {
      assert.match(version, /^\d+\.\d+$/);
      assert.equal(
        manifest.$schema,
        `https://developer.microsoft.com/en-us/json-schemas/teams/v${version}/MicrosoftTeams.schema.json`,
      );
    });

    it('is valid against the bundled official schema of its version', () => {
      assertValid(compileSchema(version, 'MicrosoftTeams.schema.json'), manifestJson, 'manifest.json');
    });

    it('the schema check is not vacuous: a broken manifest is rejected', () => {
      const validate = compileSchema(version, 'MicrosoftTeams.schema.json');
      const broken = JSON.parse(JSON.stringify(manifestJson)) as Json;
      broken.accentColor = 'blue';
      broken.id = '${{TEAMS_APP_ID}}';
      assert.equal(validate(broken), false);
      const paths = (validate.errors ?? []).map((e) => e.instancePath);
      assert.ok(paths.includes('/accentColor') && paths.includes('/id'), JSON.stringify(paths));
    });

    it('has one conversational bot in personal and team scope', () => {
      assert.equal(manifest.bots.length, 1);
      const bot = manifest.bots[0]!;
      assert.deepEqual([...bot.scopes].sort(), ['personal', 'team']);
      const scopes = bot.commandLists.map((l) => l.scopes.join(','));
      assert.deepEqual([...scopes].sort(), ['personal', 'team']);
      for (const list of bot.commandLists) {
        const titles = list.commands.map((c) => c.title);
        assert.equal(new Set(titles).size, titles.length, `duplicate command in ${list.scopes.join(',')}`);
      }
    });

    it('references files that exist in appPackage/', () => {
      const files = [
        manifest.icons.color,
        manifest.icons.outline,
        ...(manifest.localizationInfo.defaultLanguageFile ? [manifest.localizationInfo.defaultLanguageFile] : []),
        ...(manifest.localizationInfo.additionalLanguages ?? []).map((l) => l.file),
      ];
      for (const f of files) assert.ok(existsSync(join(PKG_DIR, f)), `missing appPackage/${f}`);
    });
  });

  describe('localization', () => {
    const languages = manifest.localizationInfo.additionalLanguages ?? [];

    it('is Danish by default with an English translation', () => {
      assert.equal(manifest.localizationInfo.defaultLanguageTag, 'da-dk');
      assert.deepEqual(languages.map((l) => l.languageTag), ['en-us']);
    });

    it('every language file is valid against the bundled Localization schema', () => {
      const validate = compileSchema(version, 'MicrosoftTeams.Localization.schema.json');
      const files = [
        ...(manifest.localizationInfo.defaultLanguageFile ? [manifest.localizationInfo.defaultLanguageFile] : []),
        ...languages.map((l) => l.file),
      ];
      for (const file of files) {
        const loc = readJson(join(PKG_DIR, file));
        assertValid(validate, loc, file);
        assert.equal(
          loc.$schema,
          `https://developer.microsoft.com/en-us/json-schemas/teams/v${version}/MicrosoftTeams.Localization.schema.json`,
        );
      }
    });

    it('translates every bot command (title and description) and nothing that does not exist', () => {
      const en = readJson(join(PKG_DIR, 'en.json'));
      const expected = new Set<string>();
      manifest.bots.forEach((bot, b) =>
        bot.commandLists.forEach((list, l) =>
          list.commands.forEach((cmd, c) => {
            const key = `bots[${b}].commandLists[${l}].commands[${c}]`;
            expected.add(`${key}.title`);
            assert.equal(typeof en[`${key}.title`], 'string', `no English title for "${cmd.title}"`);
            if (cmd.description !== undefined) {
              expected.add(`${key}.description`);
              assert.equal(typeof en[`${key}.description`], 'string', `no English description for "${cmd.title}"`);
            }
          }),
        ),
      );
      const commandKeys = Object.keys(en).filter((k) => k.startsWith('bots['));
      assert.deepEqual(commandKeys.filter((k) => !expected.has(k)), [], 'translations for commands that do not exist');
      for (const k of ['name.short', 'name.full', 'description.short', 'description.full']) {
        assert.equal(typeof en[k], 'string', `en.json lacks ${k}`);
      }
    });

    it('English command titles are distinct within each scope', () => {
      const en = readJson(join(PKG_DIR, 'en.json'));
      manifest.bots[0]!.commandLists.forEach((list, l) => {
        const titles = list.commands.map((_, c) => en[`bots[0].commandLists[${l}].commands[${c}].title`]);
        assert.equal(new Set(titles).size, titles.length, `duplicate English command in ${list.scopes.join(',')}`);
      });
    });
  });

  describe('icons', () => {
    it('color.png is a 192×192 opaque full-colour PNG', () => {
      const png = decodePng(readFileSync(join(PKG_DIR, manifest.icons.color)));
      assert.equal(png.width, 192);
      assert.equal(png.height, 192);
      assert.ok(png.pixels, 'color.png is not 8-bit RGB/RGBA (cannot inspect pixels)');
      const colours = new Set<number>();
      for (let i = 0; i < png.pixels.length; i += 4) {
        assert.equal(png.pixels[i + 3], 255, 'color.png has transparent pixels');
        colours.add((png.pixels[i]! << 16) | (png.pixels[i + 1]! << 8) | png.pixels[i + 2]!);
      }
      assert.ok(colours.size > 2, 'color.png looks blank');
    });

    it('outline.png is a 32×32 RGBA PNG with only white or transparent pixels', () => {
      const png = decodePng(readFileSync(join(PKG_DIR, manifest.icons.outline)));
      assert.equal(png.width, 32);
      assert.equal(png.height, 32);
      assert.equal(png.colorType, 6, 'outline.png must have an alpha channel (RGBA)');
      assert.equal(png.bitDepth, 8);
      assert.equal(png.interlace, 0);
      const px = png.pixels;
      assert.ok(px);
      // The generator (test/helpers/makeIcons.ts) writes filter type 0 on every row.
      assert.deepEqual(new Set(png.filters), new Set([0]));
      let opaque = 0;
      let transparent = 0;
      for (let i = 0; i < px.length; i += 4) {
        const rgb: number[] = [px[i]!, px[i + 1]!, px[i + 2]!];
        const a: number = px[i + 3]!;
        if (a === 0) {
          transparent++;
          continue;
        }
        assert.deepEqual(rgb, [255, 255, 255], `pixel ${i / 4} is not white`);
        if (a === 255) opaque++;
      }
      assert.ok(opaque > 50, 'outline.png has almost no white');
      assert.ok(transparent > 300, 'outline.png has almost no transparency');
    });
  });
});
