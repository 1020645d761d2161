import type { Page } from '@playwright/test';
import { callApi } from './fixtures';
import { seedShop } from './seed';

const wording = 'May we send you offers by email? You can stop any time.';

/** The shop from seed.ts, plus what the owner's screens need: consent, a role address, a saved segment. */
export async function seedOwnerShop(page: Page): Promise<{ amaId: number }> {
  const { amaId } = await seedShop(page);
  const people = (await callApi(page, 'customers.list', { limit: 50 })).rows;
  const byFirst = (name: string) => people.find((c) => c.firstName === name)!;
  for (const name of ['Ama', 'Kwame', 'Efua']) {
    await callApi(page, 'consent.set', { customerId: byFirst(name).id, channel: 'email', status: 'subscribed', method: 'counter_verbal', wording });
  }
  await callApi(page, 'consent.set', { customerId: byFirst('Yaw').id, channel: 'email', status: 'unsubscribed', method: 'customer_request', wording: 'Asked us to stop sending offers by email.' });
  await callApi(page, 'consent.set', { customerId: amaId, channel: 'sms', status: 'subscribed', method: 'paper_form', wording: 'May we text you when new school uniforms arrive? Reply STOP to end.' });
  const office = await callApi(page, 'customers.create', { firstName: 'Osu', lastName: 'Presby Office', email: 'info@osupresby.example.com', type: 'wholesale', tags: ['school uniforms'], source: 'Referral' });
  await callApi(page, 'consent.set', { customerId: office.id, channel: 'email', status: 'subscribed', method: 'paper_form', wording });
  // Newer customers, a few a month, so the charts have a shape.
  const recent = [
    ['Akosua', 'Addo', 'Instagram', 320, 2], ['Kwesi', 'Appiah', 'Walk-in', 290, 0], ['Araba', 'Quansah', 'Instagram', 250, 3],
    ['Fiifi', 'Essien', 'Referral', 200, 1], ['Afia', 'Sarpong', 'Walk-in', 150, 0], ['Yaa', 'Asantewaa', 'Instagram', 120, 2],
    ['Kobby', 'Mensah', 'Walk-in', 75, 1], ['Esi', 'Amoah', 'Instagram', 40, 0], ['Nii', 'Lartey', 'Referral', 12, 1],
  ] as const;
  const DAY = 86_400_000;
  for (const [i, [firstName, lastName, source, days, sales]] of recent.entries()) {
    const createdAt = new Date(Date.now() - days * DAY).toISOString();
    const c = await callApi(page, 'customers.create', { firstName, lastName, phone: `055 100 ${String(2000 + i * 37)}`, source, createdAt });
    for (let k = 0; k < sales; k++) {
      const occurredAt = new Date(Date.now() - Math.max(1, days - 10 - k * 25) * DAY).toISOString();
      await callApi(page, 'sales.record', { customerId: c.id, amount: 3_500 + i * 1_250 + k * 900, occurredAt });
    }
  }
  await callApi(page, 'segments.save', { name: 'Uniform buyers by email', conditions: { tags: ['school uniforms'], emailConsent: 'subscribed' } });
  return { amaId };
}

/** A Shopify customers export with a row that has an error and one that repeats a person. */
export const shopifySample = [
  'Customer ID,First Name,Last Name,Email,Accepts Email Marketing,Default Address Company,Default Address Address1,Default Address Address2,Default Address City,Default Address Province Code,Default Address Country Code,Default Address Zip,Default Address Phone,Phone,Accepts SMS Marketing,Total Spent,Total Orders,Note,Tax Exempt,Tags',
  `'7001,Esi,Quaye,ESI.QUAYE@EXAMPLE.COM,yes,,12 Oxford Street,,Accra,AA,GH,,'+233244987654,'+233244987654,no,120.00,3,"Likes the blue fabric.\nCall on Fridays.",no,"fabrics, vip"`,
  `'7002,Kojo,Antwi,,no,,,,Kumasi,AH,GH,,,'+233209990011,no,0.00,0,,no,`,
  `'7003,Adwoa,Boateng,adwoa.boateng@example.com,no,,4 Ring Road,,Accra,AA,GH,,,,no,45.50,1,,no,school`,
  `'7004,Esi,Quaye,,no,,,,Accra,AA,GH,,,'+233244987654,yes,0.00,0,,no,`,
  `'7006,Ama,Mensah,AMA.MENSAH@EXAMPLE.COM,yes,,,,Accra,AA,GH,,,,no,283.00,5,,no,`,
  `'7005,Nana,Yeboah,nana.yeboah@example,no,,,,Tema,AA,GH,,,'12,no,0.00,0,,no,`,
].join('\r\n');
