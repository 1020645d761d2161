import { expect, it } from 'vitest';
import { describeEngines, openTestBook, type Engine } from '../../support/engines';
import { value } from '../helpers';

/** A book opened on a PC in the US, as the first open leaves it before anyone has set it up. */
const freshBook = (engine: Engine) => openTestBook(engine, { defaults: { currency: 'USD', phoneCountry: 'US', timeZone: 'UTC', locale: 'en-US' } });

const accra = { shopName: 'Auntie Ama Fabrics', currency: 'GHS', phoneCountry: 'GH', locale: 'en-GH', timeZone: 'Africa/Accra' };

describeEngines('the first run sets up the shop with its owner', (engine) => {
  it('writes the shop settings and the owner together, signed out until then', async () => {
    const book = await freshBook(engine);
    const member = value(await book.core.handle('auth.setupOwner', { name: 'Ama', pin: '2468', shop: accra }, null) as never);
    expect(member).toMatchObject({ name: 'Ama', role: 'owner' });
    expect(value(await book.call('settings.get', {}))).toMatchObject(accra);
    expect(value(await book.core.handle('auth.status', {}, null) as never)).toMatchObject({ needsOwnerSetup: false });
  });

  it('checks the shop fields with the same rules as Settings', async () => {
    const book = await freshBook(engine);
    const refused = await book.core.handle('auth.setupOwner', { name: 'Ama', pin: '2468', shop: { ...accra, timeZone: 'Mars/Base', currency: 'XYZ1' } }, null);
    expect(refused).toMatchObject({ ok: false, error: { code: 'validation', fields: { 'shop.timeZone': 'Time zone must be an IANA name such as Africa/Accra', 'shop.currency': expect.any(String) } } });
    expect(value(await book.core.handle('auth.status', {}, null) as never)).toMatchObject({ needsOwnerSetup: true });
  });

  it('once an owner exists, a second setup changes neither the owner nor the shop', async () => {
    const book = await freshBook(engine);
    value(await book.core.handle('auth.setupOwner', { name: 'Ama', pin: '2468', shop: accra }, null) as never);
    const again = await book.core.handle('auth.setupOwner', { name: 'Mallory', pin: '0000', shop: { ...accra, shopName: 'Not yours', currency: 'EUR' } }, null);
    expect(again).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(value(await book.call('settings.get', {}))).toMatchObject(accra);
    expect(value(await book.call('staff.list', {})).map((m) => m.name)).toEqual(['Ama']);
  });

  it('a shop the core refuses leaves the owner unset too: both are saved or neither', async () => {
    const book = await freshBook(engine);
    // Sales already in dollars (from the command line): a currency with other decimals is refused.
    const { id } = value(await book.call('customers.create', { firstName: 'Kofi' }));
    value(await book.call('sales.record', { customerId: id, amount: 1250 }));
    const refused = await book.core.handle('auth.setupOwner', { name: 'Ama', pin: '2468', shop: { ...accra, currency: 'JPY' } }, null);
    expect(refused).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(value(await book.core.handle('auth.status', {}, null) as never)).toMatchObject({ needsOwnerSetup: true });
    expect(value(await book.call('settings.get', {}))).toMatchObject({ shopName: 'My shop', currency: 'USD' });
  });

  it('callers that give no shop still set up the owner alone', async () => {
    const book = await freshBook(engine);
    expect(await book.core.handle('auth.setupOwner', { name: 'Esi', pin: '1234' }, null)).toMatchObject({ ok: true, value: { name: 'Esi' } });
    expect(value(await book.call('settings.get', {}))).toMatchObject({ shopName: 'My shop', currency: 'USD' });
  });
});
