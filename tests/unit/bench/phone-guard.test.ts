import { getCountries, getExampleNumber, parsePhoneNumberFromString } from 'libphonenumber-js';
import examples from 'libphonenumber-js/mobile/examples';
import { describe, expect, it } from 'vitest';
import { couldBeWholePhone } from '../../../db/customers/search';
import { normalisePhone } from '../../../shared/format/phone';

/**
 * Searches try what was typed as a whole phone number (it then comes first), but skip libphonenumber
 * when there are too few digits to be one (it is slowest to say no). The shortcut must never skip a
 * number libphonenumber accepts.
 */
describe('the whole-phone shortcut in search', () => {
  it("never skips a valid number: every country's example number, typed four ways", () => {
    let checked = 0;
    for (const country of getCountries()) {
      const example = getExampleNumber(country, examples);
      if (!example) continue;
      for (const typed of [example.number, example.formatNational(), example.nationalNumber, `00${example.countryCallingCode}${example.nationalNumber}`]) {
        const parsed = parsePhoneNumberFromString(typed, country);
        if (!parsed?.isValid()) continue;
        expect(couldBeWholePhone(typed, country), `${country} ${typed}`).toBe(true);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(800);
  });

  it('skips what is too short to be a number, and keeps the shortest ones', () => {
    expect(couldBeWholePhone('4123', 'GH')).toBe(false);
    expect(couldBeWholePhone('0255453', 'GH')).toBe(false);
    expect(normalisePhone('0255453', 'GH')).toBeNull();
    expect(couldBeWholePhone('+683 4002', 'GH')).toBe(true);
    expect(couldBeWholePhone('4002', 'NU')).toBe(true);
    expect(normalisePhone('4002', 'NU')?.e164).toBe('+6834002');
    expect(couldBeWholePhone('00233 24 412 3456', 'GH')).toBe(true);
    expect(couldBeWholePhone('024 412 3456', 'GH')).toBe(true);
  });
});
