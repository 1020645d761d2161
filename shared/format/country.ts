import { getCountryCode, rawTimeZones } from '@vvo/tzdb';
import { countries } from 'countries-list';
import { getCountries } from 'libphonenumber-js';
import { isCurrencyCode, isTimeZone } from './locale';

/** What a shop's money, phone numbers, dates and clock follow from its country. */
export interface CountryDefaults {
  /** ISO 4217. */
  currency: string;
  /** ISO 3166-1 alpha-2: numbers typed without a country code are this country's. */
  phoneCountry: string;
  /** BCP 47: how numbers and dates are written. */
  locale: string;
  /** IANA. */
  timeZone: string;
}

/** The computer the shop is being set up on: its own clock and language are kept where they fit the country. */
export interface ComputerSetup {
  timeZone: string;
  locale: string;
}

type CountryData = { currency?: string[]; languages?: string[]; capital?: string; partOf?: string };
const countryData = (code: string): CountryData | undefined => (countries as Record<string, CountryData>)[code];

/** The currency a country's shops take: the first one listed is the country's own (US: USD, not USN). */
export function currencyOfCountry(code: string): string | null {
  const data = countryData(code) ?? countryData(countryData(code)?.partOf ?? '');
  return data?.currency?.find(isCurrencyCode) ?? null;
}

/** Every country a phone number can belong to, named in the given language and sorted the way its readers expect. */
export function countryOptions(displayLocale: string): { code: string; name: string }[] {
  let names: Intl.DisplayNames | null;
  try {
    names = new Intl.DisplayNames([displayLocale, 'en'], { type: 'region' });
  } catch {
    names = null;
  }
  const collator = new Intl.Collator(safeLocale(displayLocale));
  return (getCountries() as string[])
    .map((code) => ({ code, name: names?.of(code) ?? code }))
    .sort((a, b) => collator.compare(a.name, b.name));
}

const safeLocale = (tag: string) => {
  try {
    return Intl.getCanonicalLocales(tag)[0] ?? 'en';
  } catch {
    return 'en';
  }
};

const comparable = (text: string) =>
  text
    .normalize('NFD')
    .replace(/[^A-Za-z]/g, '')
    .toLowerCase();

/**
 * The clock most of a country's shops keep. One zone for most countries; where there are several,
 * the zone of the capital (Ottawa keeps Toronto's time), or else the zone that gathers the most of
 * the country's IANA names, which is the long-settled, populous one (New York in the US).
 */
function mainTimeZone(code: string): string {
  const zones = rawTimeZones.filter((z) => z.countryCode === code);
  if (zones.length === 0) {
    const partOf = countryData(code)?.partOf;
    return partOf && partOf !== code ? mainTimeZone(partOf) : 'UTC';
  }
  const capital = comparable(countryData(code)?.capital ?? '');
  const ofCapital =
    capital === ''
      ? undefined
      : zones.find((z) => z.mainCities.some((city) => comparable(city) === capital) || z.group.some((name) => comparable(name.split('/').pop() ?? '') === capital));
  const chosen = ofCapital ?? [...zones].sort((a, b) => b.group.length - a.group.length)[0];
  // Prefer the name the zone is listed under; an older runtime may know it only by another name of the group.
  return [chosen.name, ...chosen.group].find(isTimeZone) ?? 'UTC';
}

/** The computer's own zone when it lies in the country (Chicago for a US shop), else the country's main one. */
function timeZoneFor(code: string, computer: ComputerSetup): string {
  if (isTimeZone(computer.timeZone) && getCountryCode(computer.timeZone) === code) return computer.timeZone;
  return mainTimeZone(code);
}

const supported = (tag: string) => {
  try {
    return Intl.NumberFormat.supportedLocalesOf([tag]).length > 0;
  } catch {
    return false;
  }
};

/**
 * How the shop writes numbers and dates: the computer's own locale when it is for this country;
 * its language with the country's conventions when that language is spoken there (French on a PC
 * set up in France, for a shop in Cameroon: fr-CM); otherwise the country's first language (en-GH).
 */
function localeFor(code: string, computer: ComputerSetup): string {
  let pcLanguage: string | undefined;
  try {
    const pc = new Intl.Locale(computer.locale);
    if (pc.region === code && supported(computer.locale)) return pc.toString();
    pcLanguage = pc.language;
  } catch {
    pcLanguage = undefined;
  }
  const spoken = countryData(code)?.languages ?? [];
  const language = (pcLanguage && spoken.includes(pcLanguage) ? pcLanguage : spoken[0]) ?? new Intl.Locale('und', { region: code }).maximize().language;
  const tag = `${language}-${code}`;
  return supported(tag) ? tag : 'en';
}

/** Currency, phone country, locale and time zone for a shop in `code`, set up on `computer`. */
export function countryDefaults(code: string, computer: ComputerSetup): CountryDefaults {
  const country = code.trim().toUpperCase();
  return {
    currency: currencyOfCountry(country) ?? 'USD',
    phoneCountry: country,
    locale: localeFor(country, computer),
    timeZone: timeZoneFor(country, computer),
  };
}

/** The zones that lie in a country, its main one first: what a time zone picker offers above the rest. */
export function timeZonesOf(code: string): string[] {
  const main = mainTimeZone(code);
  const names = rawTimeZones.filter((z) => z.countryCode === code).map((z) => [z.name, ...z.group].find(isTimeZone)).filter((z): z is string => z !== undefined);
  return [...new Set([main, ...names])].filter((z) => z !== 'UTC' || names.length === 0);
}

/** The language tags of a country's own languages with its conventions (en-CM, fr-CM), for a locale picker. */
export function localesOf(code: string): string[] {
  return (countryData(code)?.languages ?? []).map((language) => `${language}-${code}`).filter(supported);
}

/** The country whose clock a zone keeps (Africa/Accra: GH), or null for UTC and the like. */
export const countryOfTimeZone = (zone: string): string | null => getCountryCode(zone) ?? null;
