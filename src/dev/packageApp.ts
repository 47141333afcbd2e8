/**
 * `npm run package`: the Teams app package (appPackage/build/appPackage.<env>.zip) from appPackage/,
 * with the Teams app id (TEAMS_APP_ID) and the bot id (BOT_ID) from the environment (and optionally the
 * municipality's pages, APP_WEBSITE_URL / APP_PRIVACY_URL / APP_TERMS_URL, and ORG_NAME), validated offline
 * against Microsoft's schema for the manifest's version (bundled in @microsoft/app-manifest), and refused
 * while any id or URL is still a placeholder. A dev-time tool: it uses dev dependencies (ajv, yazl).
 * Exit codes: 2 a setting or the manifest is not fit for a tenant, 1 anything else.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { ZipFile } from 'yazl';
import { repoRoot } from '../repoRoot';

type Json = Record<string, any>;

export class PackageError extends Error {
  constructor(readonly problems: string[]) {
    super(`The Teams app package was not built:\n  - ${problems.join('\n  - ')}`);
    this.name = 'PackageError';
  }
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** The repository's own stand-in ids (…-0000000000b4d7, …-000000000b07) and anything all zeros. */
const PLACEHOLDER_ID = /^00000000-0000-[0-9a-f]{4}-[0-9a-f]{4}-0{4}/i;
/** Example and local hosts (RFC 2606 names, localhost) and unfilled template values. */
const PLACEHOLDER_URL = /(^|[./])(example\.(org|com|net)|localhost|127\.0\.0\.1|invalid)(\/|:|$)|\$\{\{|\{\{|<|>/i;

export interface PackageInput {
  appPackageDir: string;
  env: NodeJS.ProcessEnv;
}

export interface BuiltPackage {
  zip: Buffer;
  manifest: Json;
  files: string[];
}

/** The manifest with the ids from the environment, checked; throws PackageError listing every problem. */
export function prepareManifest(manifest: Json, env: NodeJS.ProcessEnv): Json {
  const problems: string[] = [];
  const appId = env.TEAMS_APP_ID?.trim();
  const botId = env.BOT_ID?.trim();
  if (!appId || !GUID.test(appId)) problems.push('TEAMS_APP_ID must be the Teams app id (a GUID; teamsApp/create writes it to env/.env.<env>)');
  if (!botId || !GUID.test(botId)) problems.push('BOT_ID must be the bot\'s app id (a GUID: the managed identity\'s client id)');
  for (const [name, value] of [['TEAMS_APP_ID', appId], ['BOT_ID', botId]] as const) {
    if (value && PLACEHOLDER_ID.test(value)) problems.push(`${name} is a placeholder id (${value})`);
  }
  const out: Json = structuredClone(manifest);
  if (appId) out.id = appId;
  for (const bot of out.bots ?? []) if (botId) bot.botId = botId;
  if (env.APP_VERSION?.trim()) out.version = env.APP_VERSION.trim();
  // The municipality's own pages and name, so the repository's manifest needs no edit per tenant.
  out.developer = { ...out.developer };
  if (env.APP_WEBSITE_URL?.trim()) out.developer.websiteUrl = env.APP_WEBSITE_URL.trim();
  if (env.APP_PRIVACY_URL?.trim()) out.developer.privacyUrl = env.APP_PRIVACY_URL.trim();
  if (env.APP_TERMS_URL?.trim()) out.developer.termsOfUseUrl = env.APP_TERMS_URL.trim();
  if (env.ORG_NAME?.trim()) out.developer.name = env.ORG_NAME.trim().slice(0, 32);
  const domain = env.APP_DOMAIN?.trim();
  if (domain) out.validDomains = [...new Set([...(out.validDomains ?? []), domain])];

  // Whatever stayed a placeholder after the substitutions is refused, wherever it is.
  const visit = (value: unknown, path: string) => {
    if (typeof value === 'string') {
      if (GUID.test(value) && PLACEHOLDER_ID.test(value)) problems.push(`${path} is a placeholder id (${value})`);
      if (/^https?:\/\//i.test(value) && PLACEHOLDER_URL.test(value)) problems.push(`${path} is a placeholder URL (${value}): set the municipality's own page (APP_WEBSITE_URL, APP_PRIVACY_URL, APP_TERMS_URL, or appPackage/manifest.json)`);
    } else if (Array.isArray(value)) value.forEach((v, i) => visit(v, `${path}[${i}]`));
    else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) if (k !== '$schema') visit(v, path ? `${path}.${k}` : k);
  };
  visit(out, '');
  for (const d of out.validDomains ?? []) if (PLACEHOLDER_URL.test(`https://${d}/`)) problems.push(`validDomains holds a placeholder (${d})`);
  if (problems.length > 0) throw new PackageError(problems);
  return out;
}

/** Validates against the bundled official schema for the manifest's own version (and its localization files). */
export function validateManifest(manifest: Json, localizations: Record<string, Json>): void {
  const version = String(manifest.manifestVersion ?? '');
  const root = join(dirname(require.resolve('@microsoft/app-manifest')), 'json-schemas', 'teams', `v${version}`);
  if (!existsSync(root)) throw new PackageError([`no bundled schema for manifestVersion ${version}`]);
  const problems: string[] = [];
  const check = (schemaFile: string, data: Json, what: string) => {
    const schema = JSON.parse(readFileSync(join(root, schemaFile), 'utf8')) as Json;
    // draft-04 schemas without draft-04-only keywords (test/appPackage checks that), compiled as draft-07.
    delete schema.$schema;
    const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false });
    addFormats(ajv);
    const validate = ajv.compile(schema);
    if (!validate(data)) for (const e of validate.errors ?? []) problems.push(`${what}${e.instancePath} ${e.message ?? 'invalid'}`);
  };
  check('MicrosoftTeams.schema.json', manifest, 'manifest.json');
  for (const [file, data] of Object.entries(localizations)) check('MicrosoftTeams.Localization.schema.json', data, file);
  if (problems.length > 0) throw new PackageError(problems);
}

export async function buildAppPackage(input: PackageInput): Promise<BuiltPackage> {
  const dir = input.appPackageDir;
  const manifest = prepareManifest(JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Json, input.env);
  const localizationFiles = (manifest.localizationInfo?.additionalLanguages ?? []).map((l: { file: string }) => l.file) as string[];
  const localizations = Object.fromEntries(localizationFiles.map((f) => [f, JSON.parse(readFileSync(join(dir, f), 'utf8')) as Json]));
  validateManifest(manifest, localizations);
  const files = ['manifest.json', manifest.icons.color, manifest.icons.outline, ...localizationFiles];
  const missing = files.slice(1).filter((f) => !existsSync(join(dir, f)));
  if (missing.length > 0) throw new PackageError(missing.map((f) => `${f} is named in the manifest but not in appPackage/`));

  const zip = new ZipFile();
  // A fixed time: the same inputs give the same bytes.
  const mtime = new Date('2026-01-01T00:00:00Z');
  zip.addBuffer(Buffer.from(JSON.stringify(manifest, null, 2)), 'manifest.json', { mtime });
  for (const f of files.slice(1)) zip.addBuffer(readFileSync(join(dir, f)), f, { mtime });
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream) chunks.push(chunk as Buffer);
  return { zip: Buffer.concat(chunks), manifest, files };
}

async function main(): Promise<void> {
  const root = repoRoot(__dirname);
  const env = { ...readEnvFile(root, process.env.TEAMSFX_ENV), ...process.env };
  const name = env.TEAMSFX_ENV?.trim() || 'dev';
  try {
    const built = await buildAppPackage({ appPackageDir: join(root, 'appPackage'), env });
    const out = join(root, 'appPackage', 'build', `appPackage.${name}.zip`);
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, built.zip);
    process.stdout.write(`Teams app package: ${out} (${built.files.join(', ')}; app ${built.manifest.id}, bot ${built.manifest.bots?.[0]?.botId})\n`);
  } catch (error) {
    if (error instanceof PackageError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
}

/** env/.env.<TEAMSFX_ENV> (the Agents Toolkit's environment file), when run outside the toolkit. */
function readEnvFile(root: string, envName: string | undefined): Record<string, string> {
  const file = join(root, 'env', `.env.${envName?.trim() || 'dev'}`);
  if (!existsSync(file)) return {};
  const values: Record<string, string> = {};
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const m = /^\s*([A-Z][A-Z0-9_]*)=(.*)$/.exec(line);
    if (m && m[2].trim() !== '') values[m[1]] = m[2].trim();
  }
  return values;
}

if (require.main === module) {
  main().catch((error) => {
    process.stderr.write(`npm run package failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
