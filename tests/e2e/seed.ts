import type { Page } from '@playwright/test';
import { callApi, inBook } from './fixtures';

const DAY = 86_400_000;
const ago = (days: number, hour = 11) => {
  const at = new Date(Date.now() - days * DAY);
  at.setUTCHours(hour, 15, 0, 0);
  return new Date(Math.min(at.getTime(), Date.now() - 60_000)).toISOString();
};

/** A small, believable book for screenshots: six customers, a spread of visits, notes and a voided sale. */
export async function seedShop(page: Page): Promise<{ amaId: number }> {
  const people = [
    { firstName: 'Ama', lastName: 'Mensah', phone: '024 412 3456', email: 'ama.mensah@example.com', type: 'regular', tags: ['school uniforms', 'pays by MoMo'], source: 'Walk-in' },
    { firstName: 'Kwame', lastName: 'Boateng', phone: '020 555 0192', email: 'kwame@boatengtraders.example.com', type: 'wholesale', tags: ['bulk'], source: 'Referral' },
    { firstName: 'Efua', lastName: 'Owusu-Ansah', phone: '054 321 7788', email: 'efua.owusu-ansah@ghanamail.example.com', type: 'vip', tags: [], source: 'Instagram' },
    { firstName: 'Kofi', lastName: 'Asante', phone: '027 700 1234', email: null, type: 'walk_in', tags: [], source: null },
    { firstName: 'Abena Asantewaa', lastName: 'Darko-Boakye Fosuhene', phone: '050 987 6543', email: null, type: 'regular', tags: [], source: 'Instagram' },
    { firstName: 'Yaw', lastName: 'Ofori', phone: null, email: 'yaw.ofori@example.com', type: 'walk_in', tags: [], source: null },
  ] as const;
  const ids: number[] = [];
  for (const p of people) {
    const c = await callApi(page, 'customers.create', { ...p, tags: [...p.tags], createdAt: ago(400) });
    ids.push(c.id);
  }
  const [ama, kwame, efua, kofi, abena] = ids;
  const sales: [number, number, number, number, 'cash' | 'card' | 'mobile_money'][] = [
    // customer, days ago, amount (minor), items, payment
    [ama, 120, 4500, 2, 'cash'],
    [ama, 64, 12_000, 3, 'mobile_money'],
    [ama, 30, 2_550, 1, 'mobile_money'],
    [ama, 9, 8_000, 2, 'cash'],
    [ama, 2, 1_250, 1, 'mobile_money'],
    [efua, 200, 35_000, 4, 'card'],
    [efua, 21, 18_990, 2, 'card'],
    [kofi, 40, 4_000, 1, 'cash'],
    [abena, 3, 6_500, 2, 'mobile_money'],
  ];
  for (let i = 0; i < 14; i++) sales.push([kwame, 5 + i * 24, 120_000 + i * 7_350, 24, i % 2 ? 'card' : 'mobile_money']);
  for (const [customerId, days, amount, items, paymentMethod] of sales) {
    await callApi(page, 'sales.record', { customerId, amount, items, paymentMethod, occurredAt: ago(days, 9 + (days % 8)) });
  }
  const mistake = inBook(await callApi(page, 'sales.record', { customerId: ama, amount: 8_000, items: 2, paymentMethod: 'cash', occurredAt: ago(9, 12) }));
  await callApi(page, 'sales.void', { id: mistake.id, reason: 'Rang up twice' });
  await callApi(page, 'notes.add', { customerId: ama, type: 'preference', text: 'Prefers the navy school uniform in size 8; call before new stock arrives.' });
  await callApi(page, 'notes.add', { customerId: ama, type: 'personal', text: 'Three children at Osu Presby. Usually comes in on Saturday mornings.' });
  await callApi(page, 'preferences.update', {
    customerId: ama,
    patch: { channel: 'sms', bestTime: 'Saturday mornings', favoriteProducts: ['School uniforms', 'Exercise books'], paymentMethod: 'mobile_money', loyaltyOptIn: true },
  });
  return { amaId: ama };
}
