import { expect, it } from 'vitest';
import { describeEngines, openTestBook } from '../../support/engines';
import { value, ownerActor } from '../helpers';

describeEngines('settings', (engine) => {
  it('validates codes and takes the currency digits from Intl', async () => {
    const book = await openTestBook(engine);
    expect(value(await book.call('settings.update', { currency: 'jpy', phoneCountry: 'gb', shopName: "Ama's" }))).toMatchObject({
      currency: 'JPY',
      currencyDigits: 0,
      phoneCountry: 'GB',
      shopName: "Ama's",
    });
    expect(value(await book.call('settings.update', { currency: 'BHD' })).currencyDigits).toBe(3);
    for (const bad of [{ currency: 'XYZ1' }, { phoneCountry: 'ZZ' }, { timeZone: 'Mars/Base' }, { shopName: '' }, { saleCeiling: 0 }]) {
      expect(await book.core.handle('settings.update', bad, ownerActor)).toMatchObject({ ok: false, error: { code: 'validation' } });
    }
  });

  it('keeps the ceiling and high-value spend at the same amount in the shop\'s own terms when the currency\'s decimals change', async () => {
    const book = await openTestBook(engine);
    value(await book.call('settings.update', { saleCeiling: 500_000, highValueThreshold: 250_050 })); // GH₵5,000.00 and GH₵2,500.50
    expect(value(await book.call('settings.update', { currency: 'JPY' }))).toMatchObject({ saleCeiling: 5_000, highValueThreshold: 2_501 });
    expect(value(await book.call('settings.update', { currency: 'BHD' }))).toMatchObject({ saleCeiling: 5_000_000, highValueThreshold: 2_501_000 });
    expect(value(await book.call('settings.update', { currency: 'USD', saleCeiling: 90_000 }))).toMatchObject({ saleCeiling: 90_000, highValueThreshold: 250_100 });
    expect(value(await book.call('settings.update', { currency: 'EUR' }))).toMatchObject({ saleCeiling: 90_000, highValueThreshold: 250_100 });
  });

  it('refuses a currency with other decimals once sales exist, since stored amounts would change meaning', async () => {
    const book = await openTestBook(engine);
    const { id } = value(await book.call('customers.create', { firstName: 'Ama' }));
    value(await book.call('sales.record', { customerId: id, amount: 1250 }));
    expect(await book.call('settings.update', { currency: 'JPY' })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(value(await book.call('settings.get', {})).currency).toBe('GHS');
    expect(value(await book.call('settings.update', { currency: 'USD' })).currency).toBe('USD');
  });
});
