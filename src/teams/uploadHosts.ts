/**
 * The only hosts an export is uploaded to when the bot runs with BOT_ID: the one place this list lives
 * (used by src/teams/fileUpload.ts, and by src/config.ts to check UPLOAD_TEST_ROUTES; no imports, so
 * config can read it).
 *
 * On "accept" Teams creates the file in the person's OneDrive for Business and hands the bot an upload
 * session there: `https://<tenant>-my.sharepoint.com/personal/<user>/…/uploadSession…` (Microsoft Learn,
 * "Send and receive files using bot"). OneDrive for Business is SharePoint Online, which in the commercial
 * cloud (and in GCC, which shares it) is `*.sharepoint.com`, `<tenant>-my.sharepoint.com` included.
 * Deliberately not allowed:
 * - the sovereign clouds' hosts (`*.sharepoint.us` GCC High, `*.sharepoint-mil.us` DoD, `*.sharepoint.cn`
 *   21Vianet): Microsoft documents that bots do not send or receive files there, so Teams never hands out
 *   such a URL to a bot;
 * - `*.sharepoint.de`: Microsoft Cloud Deutschland was closed in 2021;
 * - `*.sharepoint.com` on another port than 443, over http, or with credentials in the URL.
 * A municipality on another cloud adds its suffix here (a code change, reviewed), never by configuration.
 */
export const TEAMS_UPLOAD_HOST_SUFFIXES: readonly string[] = ['.sharepoint.com'];

/** A DNS name (as WHATWG URL gives it: lower case, punycode) under one of the suffixes, with a label before it. */
export function isTeamsUploadHost(hostname: string): boolean {
  return TEAMS_UPLOAD_HOST_SUFFIXES.some((suffix) => {
    if (!hostname.endsWith(suffix)) return false;
    const labels = hostname.slice(0, -suffix.length).split('.');
    return labels.every((l) => /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/.test(l));
  });
}

