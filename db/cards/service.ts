import { CARD_ALPHABET, type Customer, type ParsedInputOf } from '../../shared/contract';
import type { CoreContext } from '../context';
import { DomainError } from '../errors';
import { getCustomer, recordEvent } from '../customers/service';
import { requireState } from '../customers/lifecycle';
import { run, value, type Query } from '../query';

/** A new card code: "R" and nine random characters of CARD_ALPHABET (crypto-random, so codes can't be guessed in a row). */
export function newCardCode(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(9));
  // 256 is not a multiple of 31: bytes from 248 up are drawn again, so every character is as likely.
  let code = 'R';
  for (let i = 0; i < bytes.length; i++) {
    let byte = bytes[i];
    while (byte >= 248) byte = crypto.getRandomValues(new Uint8Array(1))[0];
    code += CARD_ALPHABET[byte % CARD_ALPHABET.length];
  }
  return code;
}

export function* issueCard(ctx: CoreContext, input: ParsedInputOf<'cards.issue'>): Query<Customer> {
  yield* requireState(ctx, input.customerId, 'cards.issue');
  let code = input.code;
  if (code) {
    const holder = yield* value<number>('SELECT id FROM customers WHERE card_code = ? AND id <> ?', [code, input.customerId]);
    if (holder !== undefined) {
      const message = `This card is already given to customer ${holder}`;
      throw new DomainError('conflict', message, { fields: { code: message } });
    }
  } else {
    // Nine characters of 31 make a repeat all but impossible; one is still checked for and drawn again.
    do code = newCardCode();
    while ((yield* value<number>('SELECT id FROM customers WHERE card_code = ?', [code])) !== undefined);
  }
  yield* run('UPDATE customers SET card_code = ? WHERE id = ?', [code, input.customerId]);
  yield* recordEvent(ctx, input.customerId, 'updated', { fields: ['cardCode'] });
  return yield* getCustomer(ctx, input.customerId);
}

export function* findByCard(ctx: CoreContext, input: ParsedInputOf<'cards.find'>): Query<Customer> {
  const id = yield* value<number>('SELECT id FROM customers WHERE card_code = ?', [input.code]);
  if (id === undefined) throw new DomainError('not_found', `No customer has the card ${input.code}`);
  return yield* getCustomer(ctx, id);
}
