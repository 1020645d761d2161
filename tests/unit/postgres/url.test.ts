import { describe, expect, it } from 'vitest';
import { postgresUrl, redactUrl } from '../../../db/engines/postgres/url';

describe('redactUrl', () => {
  it('hides the password and keeps the rest of the address', () => {
    expect(redactUrl('postgresql://regulars:s3cret@shop-server:5432/regulars')).toBe('postgresql://regulars:***@shop-server:5432/regulars');
    expect(redactUrl('postgres://ama:hunter2@127.0.0.1/book?sslmode=require')).toBe('postgres://ama:***@127.0.0.1/book?sslmode=require');
  });

  it('hides a password that holds an unescaped @, / or space whole', () => {
    expect(redactUrl('postgres://ama:p@ss/w0rd@server/book')).toBe('postgres://ama:***@server/book');
    expect(redactUrl('postgres://ama:two words@server/book')).toBe('postgres://ama:***@server/book');
  });

  it('hides the password of an address inside a longer message', () => {
    expect(redactUrl('Could not reach postgresql://ama:hunter2@server/book: refused\nthen postgres://kofi:s3cret@other/book')).toBe(
      'Could not reach postgresql://ama:***@server/book: refused\nthen postgres://kofi:***@other/book',
    );
  });

  it('hides a password given as a parameter, in a URL or in any other text', () => {
    expect(redactUrl('postgres://ama@server/book?password=hunter2&sslmode=require')).toBe('postgres://ama@server/book?password=***&sslmode=require');
    expect(redactUrl('host=server password=hunter2 dbname=book')).toBe('host=server password=*** dbname=book');
  });

  it('leaves an address without a password as it is', () => {
    expect(redactUrl('postgresql://postgres@localhost/regulars?host=/run/postgresql')).toBe('postgresql://postgres@localhost/regulars?host=/run/postgresql');
    expect(redactUrl('not an address')).toBe('not an address');
  });
});

describe('postgresUrl', () => {
  it('takes postgres:// and postgresql:// addresses, over TCP or a socket', () => {
    for (const url of ['postgres://ama:hunter2@server/book', 'postgresql://server:5433/book?sslmode=require', 'postgresql://postgres@localhost/book?host=/run/postgresql']) {
      expect(postgresUrl.safeParse(url).success, url).toBe(true);
    }
  });

  it('refuses anything else with a message that says what is wanted', () => {
    for (const url of ['mysql://ama@server/book', 'https://server/book', '/home/ama/regulars.db', 'postgres:book', '']) {
      const parsed = postgresUrl.safeParse(url);
      expect(parsed.success, url).toBe(false);
      expect(parsed.error?.issues[0].message).toMatch(/postgresql:\/\/user:password@server\/database/);
    }
  });
});
