import { Alert, Button, Center, Loader, Stack, Text } from '@mantine/core';
import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { Settings } from '../../../shared/contract';
import { formatMoney } from '../../../shared/format/money';
import { formatPhone } from '../../../shared/format/phone';
import { formatDate, formatDateTime, formatRelative } from '../../../shared/format/time';
import { useApiQuery } from '../../api';

const SettingsContext = createContext<Settings | null>(null);

/** Loads the shop's settings once; nothing that formats money or dates renders before they arrive. */
export function SettingsProvider({ children }: { children: ReactNode }) {
  const query = useApiQuery('settings.get', {}, { staleTime: Infinity });
  if (query.data) {
    return (
      <SettingsContext.Provider value={query.data}>
        <FormatProvider settings={query.data}>{children}</FormatProvider>
      </SettingsContext.Provider>
    );
  }
  if (query.isError) {
    return (
      <Center h="100%" p="xl">
        <Alert color="red" title="Regulars cannot read its settings" maw={520}>
          <Stack gap="sm">
            <Text>{query.error.message}</Text>
            <Button variant="light" color="red" onClick={() => query.refetch()} w="fit-content">
              Try again
            </Button>
          </Stack>
        </Alert>
      </Center>
    );
  }
  return (
    <Center h="100%" aria-busy="true" aria-label="Loading Regulars">
      <Loader />
    </Center>
  );
}

export function useSettings(): Settings {
  const settings = useContext(SettingsContext);
  if (!settings) throw new Error('useSettings outside SettingsProvider');
  return settings;
}

/** "Now", moving on every half minute so relative times ("5 minutes ago") stay true. */
export function useNow(intervalMs = 30_000): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(new Date()), intervalMs);
    return () => window.clearInterval(timer);
  }, [intervalMs]);
  return now;
}

export interface Formatters {
  /** "GH₵", "€", "$": for the Amount field's prefix. */
  currencySymbol: string;
  money(minor: number): string;
  phone(e164: string | null): string;
  count(n: number): string;
  relative(iso: string): string;
  dateTime(iso: string): string;
  date(iso: string): string;
}

// Building an Intl formatter or parsing a phone costs far more than using the result, and a screen of
// directory rows formats hundreds of values on every render: both are kept here, shared by every row.
const counters = new Map<string, { counter: Intl.NumberFormat; currencySymbol: string }>();
function numberFormats(locale: string, currency: string) {
  const key = `${locale}|${currency}`;
  let formats = counters.get(key);
  if (!formats) {
    formats = {
      counter: new Intl.NumberFormat(locale),
      currencySymbol: new Intl.NumberFormat(locale, { style: 'currency', currency }).formatToParts(0).find((part) => part.type === 'currency')?.value ?? currency,
    };
    counters.set(key, formats);
  }
  return formats;
}
const phones = new Map<string, string>();
function cachedPhone(e164: string | null, country: string): string {
  if (!e164) return '';
  const key = `${country}|${e164}`;
  let shown = phones.get(key);
  if (shown === undefined) {
    shown = formatPhone(e164, country);
    if (phones.size >= 5_000) phones.clear();
    phones.set(key, shown);
  }
  return shown;
}

const FormatContext = createContext<Formatters | null>(null);

/**
 * One set of formatters and one clock for the whole window: a screen of directory rows has a
 * relative time in each, and a clock per row (an interval set and cleared as rows come and go)
 * cost more on each keystroke than rendering the rows.
 */
function FormatProvider({ settings, children }: { settings: Settings; children: ReactNode }) {
  const now = useNow();
  const format = useMemo<Formatters>(() => {
    const { counter, currencySymbol } = numberFormats(settings.locale, settings.currency);
    return {
      currencySymbol,
      money: (minor) => formatMoney(minor, settings.currency, settings.locale),
      phone: (e164) => cachedPhone(e164, settings.phoneCountry),
      count: (n) => counter.format(n),
      relative: (iso) => formatRelative(iso, now, settings.locale),
      dateTime: (iso) => formatDateTime(iso, settings.locale, settings.timeZone),
      date: (iso) => formatDate(iso, settings.locale, settings.timeZone),
    };
  }, [settings, now]);
  return <FormatContext.Provider value={format}>{children}</FormatContext.Provider>;
}

/** Every money amount, phone and date on screen goes through these: Intl with the shop's settings. */
export function useFormat(): Formatters {
  const format = useContext(FormatContext);
  if (!format) throw new Error('useFormat outside SettingsProvider');
  return format;
}
