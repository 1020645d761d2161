import { z } from 'zod';
import { id } from './common';
import type { Customer } from './customers';
import { read, write } from './define';

/**
 * The characters of a code Regulars makes for a card: none that read alike aloud or in print (no 0
 * and O, no 1, I and L), so a code typed from a worn card is still right.
 */
export const CARD_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
/** A code Regulars makes: "R" and nine of CARD_ALPHABET, ten characters in all (31⁹ of them). */
export const GENERATED_CARD_CODE = /^R[2-9A-HJKMNP-Z]{9}$/;

/** The shortest code a card may carry: fewer keys than this, typed fast, can't be told from typing (renderer/features/cards/scanner.ts). */
export const CARD_CODE_MIN_LENGTH = 6;

/**
 * A card's code as a scanner types it, or as typed from a card the shop already gave out: letters,
 * digits and dashes, kept in upper case, so "r7k4-mq9x" and "R7K4-MQ9X" are one card.
 */
export const cardCode = z
  .string()
  .trim()
  .toUpperCase()
  .regex(new RegExp(`^[A-Z0-9-]{${CARD_CODE_MIN_LENGTH},32}$`), `A card code is ${CARD_CODE_MIN_LENGTH} to 32 letters, digits or dashes`);

export const cardMethods = {
  /** Gives the customer a card: the code typed from an existing card, or a new one Regulars makes. A card given before is replaced. */
  'cards.issue': write<Customer>()(z.object({ customerId: id, code: cardCode.optional() }).strict()),
  /** The customer whose card this is (a scan at the counter). */
  'cards.find': read<Customer>()(z.object({ code: cardCode }).strict()),
};
