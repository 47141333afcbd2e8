/**
 * The people who have the app (issue 18) in Table Storage (Azurite), and the in-memory double held to the
 * same behaviour: found by Entra id or by mail/UPN in any case, within their tenant only, and only with a
 * chat; the remembered manager set on an existing row only, forgotten with the report that named it.
 */
import { strict as assert } from 'node:assert';
import { MemoryPeopleDirectory, type PeopleDirectory } from '../../src/app/peopleDirectory';
import { TablePeopleDirectory } from '../../src/storage/tablePeopleDirectory';
import { openTestTables, startTestStorage, type TestStorage } from '../helpers/azurite';

const address = { serviceUrl: 'https://smba.example/emea/', conversationId: 'a:chat-mads', tenantId: 't1', channelId: 'msteams', botId: '28:bot', botName: 'Brudvagt' };
const MADS = '0a1b2c3d-0000-4000-8000-00000000abcd';
const OLE = '0a1b2c3d-0000-4000-8000-00000000ef01';

function behaves(name: string, make: () => Promise<PeopleDirectory>) {
  describe(name, () => {
    let people: PeopleDirectory;
    before(async () => {
      people = await make();
    });

    it('finds a person by Entra id, or by mail or UPN in any case, in their own tenant, only with a chat', async () => {
      await people.remember({ tenantId: 't1', aadObjectId: MADS.toUpperCase(), teamsUserId: '29:mads', name: 'Mads', email: 'Mads.Leder@Kommune.dk', userPrincipalName: 'mads@kommune.onmicrosoft.com', locale: 'en', address });
      await people.remember({ tenantId: 't1', aadObjectId: OLE, teamsUserId: '29:ole', name: 'Ole', email: 'ole@kommune.dk', userPrincipalName: '' });
      assert.equal((await people.get('t1', MADS))?.teamsUserId, '29:mads');
      assert.equal((await people.get('t1', MADS))?.locale, 'en');
      assert.equal((await people.findByMail('t1', ' MADS.LEDER@kommune.DK '))?.aadObjectId, MADS);
      assert.equal((await people.findByMail('t1', 'mads@kommune.onmicrosoft.com'))?.address?.conversationId, 'a:chat-mads');
      assert.equal(await people.findByMail('t2', 'mads.leder@kommune.dk'), null, 'another tenant');
      assert.equal(await people.findByMail('t1', 'ole@kommune.dk'), null, 'no chat: cannot be messaged');
      assert.equal(await people.findByMail('t1', ''), null);
    });

    it('remembers a manager on an existing row only, and forgets it with the report that named it, not a newer one', async () => {
      await people.rememberManager('t1', 'aad-nobody', { aadObjectId: MADS, email: '' }, '2026-01-01T00:00:00Z');
      assert.equal(await people.get('t1', 'aad-nobody'), null, 'no row made because of a report');
      await people.rememberManager('t1', OLE, { aadObjectId: '', email: 'mads.leder@kommune.dk' }, '2026-03-01T00:00:00Z');
      assert.deepEqual((await people.get('t1', OLE))?.manager, { aadObjectId: '', email: 'mads.leder@kommune.dk' });
      await people.forgetManagerUpTo('t1', OLE, '2026-02-01T00:00:00Z');
      assert.ok((await people.get('t1', OLE))?.manager, 'an older report does not take a newer memory');
      await people.forgetManagerUpTo('t1', OLE, '2026-03-01T00:00:00Z');
      assert.equal((await people.get('t1', OLE))?.manager, undefined);
      assert.equal((await people.get('t1', OLE))?.teamsUserId, '29:ole', 'the rest of the row stays');
    });

    it('forgets a person who uninstalled the app', async () => {
      await people.forget('t1', MADS);
      assert.equal(await people.get('t1', MADS), null);
      await people.forget('t1', MADS);
    });
  });
}

describe('the people directory (issue 18)', () => {
  let storage: TestStorage;
  before(async () => {
    storage = await startTestStorage();
  });
  after(async () => storage?.close());
  behaves('TablePeopleDirectory (in-process Azurite)', async () => new TablePeopleDirectory((await openTestTables(storage.connectionString)).people));
  behaves('MemoryPeopleDirectory', async () => new MemoryPeopleDirectory());
});
