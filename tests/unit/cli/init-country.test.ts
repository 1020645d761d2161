import { describe, expect, it } from 'vitest';
import { isolatedEnv, spawnCli, tempDbFile } from './helpers';

/** The real binary on a PC whose OS clock and language are given, as `regulars init` is first run. */
function initOn(pc: { TZ: string; LANG: string }, db: string, ...args: string[]) {
  const run = spawnCli(['--db', db, '--json', 'init', ...args], { env: isolatedEnv({ ...pc, LC_ALL: '' }) });
  expect(run.stderr, `regulars init ${args.join(' ')}`).toBe('');
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout);
}

const utcAmericanPc = { TZ: 'UTC', LANG: 'en_US.UTF-8' };

describe('regulars init --country', () => {
  it('a GB shop set up on a PC in UTC with American English gets pounds, British dates and London time', () => {
    expect(initOn(utcAmericanPc, tempDbFile(), '--country', 'GB')).toMatchObject({
      currency: 'GBP',
      phoneCountry: 'GB',
      locale: 'en-GB',
      timeZone: 'Europe/London',
    });
  });

  it("keeps the OS's own zone when it lies in the country", () => {
    expect(initOn({ TZ: 'America/Chicago', LANG: 'en_US.UTF-8' }, tempDbFile(), '--country', 'US')).toMatchObject({
      currency: 'USD',
      locale: 'en-US',
      timeZone: 'America/Chicago',
    });
  });

  it('a Ghanaian shop: cedis, en-GH and Accra time, whatever the PC says', () => {
    expect(initOn(utcAmericanPc, tempDbFile(), '--country', 'gh', '--shop-name', 'Auntie Ama Fabrics')).toMatchObject({
      shopName: 'Auntie Ama Fabrics',
      currency: 'GHS',
      phoneCountry: 'GH',
      locale: 'en-GH',
      timeZone: 'Africa/Accra',
    });
  });

  it('flags given win over what the country suggests', () => {
    expect(initOn(utcAmericanPc, tempDbFile(), '--country', 'GB', '--currency', 'EUR', '--locale', 'en-IE', '--time-zone', 'Europe/Dublin')).toMatchObject({
      currency: 'EUR',
      phoneCountry: 'GB',
      locale: 'en-IE',
      timeZone: 'Europe/Dublin',
    });
  });

  it('without --country, the settings stay as they were', () => {
    const db = tempDbFile();
    const gb = initOn(utcAmericanPc, db, '--country', 'GB', '--locale', 'en-US');
    expect(initOn(utcAmericanPc, db)).toEqual(gb);
    expect(initOn(utcAmericanPc, db, '--shop-name', 'The Corner')).toMatchObject({ shopName: 'The Corner', locale: 'en-US', timeZone: 'Europe/London' });
  });
});
