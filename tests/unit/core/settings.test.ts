import { describe, expect, it } from 'vitest';
import { createCore } from '../../../db/core';
import { tempDatabase, value, ownerActor } from '../helpers';

describe('settings', () => {
  it('validates codes and takes the currency digits from Intl', async () => {
    const core = createCore(tempDatabase());
    expect(value(core.call('settings.update', { currency: 'jpy', phoneCountry: 'gb', shopName: "Ama's" }))).toMatchObject({
      currency: 'JPY',
      currencyDigits: 0,
      phoneCountry: 'GB',
      shopName: "Ama's",
    });
    expect(value(core.call('settings.update', { currency: 'BHD' })).currencyDigits).toBe(3);
    for (const bad of [{ currency: 'XYZ1' }, { phoneCountry: 'ZZ' }, { timeZone: 'Mars/Base' }, { shopName: '' }, { saleCeiling: 0 }]) {
      expect(await core.handle('settings.update', bad, ownerActor)).toMatchObject({ ok: false, error: { code: 'validation' } });
    }
  });

  it('keeps the ceiling and high-value spend at the same amount in the shop\'s own terms when the currency\'s decimals change', () => {
    const core = createCore(tempDatabase());
    value(core.call('settings.update', { saleCeiling: 500_000, highValueThreshold: 250_050 })); // GH₵5,000.00 and GH₵2,500.50
    expect(value(core.call('settings.update', { currency: 'JPY' }))).toMatchObject({ saleCeiling: 5_000, highValueThreshold: 2_501 });
    expect(value(core.call('settings.update', { currency: 'BHD' }))).toMatchObject({ saleCeiling: 5_000_000, highValueThreshold: 2_501_000 });
    expect(value(core.call('settings.update', { currency: 'USD', saleCeiling: 90_000 }))).toMatchObject({ saleCeiling: 90_000, highValueThreshold: 250_100 });
    expect(value(core.call('settings.update', { currency: 'EUR' }))).toMatchObject({ saleCeiling: 90_000, highValueThreshold: 250_100 });
  });

  it('refuses a currency with other decimals once sales exist, since stored amounts would change meaning', () => {
    const core = createCore(tempDatabase());
    const { id } = value(core.call('customers.create', { firstName: 'Ama' }));
    value(core.call('sales.record', { customerId: id, amount: 1250 }));
    expect(core.call('settings.update', { currency: 'JPY' })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(value(core.call('settings.get', {})).currency).toBe('GHS');
    expect(value(core.call('settings.update', { currency: 'USD' })).currency).toBe('USD');
  });
});
