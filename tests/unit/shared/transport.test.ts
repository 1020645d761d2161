import { describe, expect, it, vi } from 'vitest';
import { err, ok } from '../../../shared/result';
import { parseCall } from '../../../shared/transport';

describe('parseCall, the one reader of calls from outside', () => {
  it.each(['no.such.method', 'constructor', '__proto__', 'hasOwnProperty', 42, undefined, null])('refuses %s as an unknown method', (method) => {
    expect(parseCall(method, {})).toEqual({ ok: false, error: { code: 'validation', message: `Unknown method: ${typeof method === 'string' ? method : typeof method}` } });
  });

  it('asks `allow` before it reads the input, so a refused caller learns nothing about a valid call', () => {
    const allow = vi.fn(() => err('forbidden', 'Sign in first.'));
    expect(parseCall('customers.create', { firstName: '' }, allow)).toEqual(err('forbidden', 'Sign in first.'));
    expect(allow).toHaveBeenCalledWith('customers.create');
    expect(parseCall('customers.create', { firstName: '' }, () => ok(null))).toMatchObject({ ok: false, error: { code: 'validation' } });
  });

  it('names the first problem in the message and each field once in `fields`', () => {
    expect(parseCall('customers.create', { firstName: '', email: 'nope', unknownField: 1 })).toEqual({
      ok: false,
      error: {
        code: 'validation',
        message: expect.stringMatching(/^firstName: First name is required/),
        fields: { firstName: expect.any(String), email: expect.any(String), _: expect.stringContaining('unknownField') },
      },
    });
  });

  it("keeps the caller's input to relay and gives the schema's reading (defaults filled in) to the rule", () => {
    const call = parseCall('customers.list', undefined);
    expect(call).toMatchObject({ ok: true, value: { method: 'customers.list', input: undefined } });
    expect(call.ok && call.value.parsed).toMatchObject({ status: 'active', sort: 'name' });
  });
});
