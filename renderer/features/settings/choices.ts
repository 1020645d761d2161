/** Currency and region names in the reader's language, English where Intl has none for it; null where Intl has neither. */
export function displayNames(locale: string): { currency: Intl.DisplayNames | null; region: Intl.DisplayNames | null } {
  const names = (type: 'currency' | 'region') => {
    try {
      return new Intl.DisplayNames([locale, 'en'], { type });
    } catch {
      return null;
    }
  };
  return { currency: names('currency'), region: names('region') };
}

/** Every currency Intl knows, as select options: "GHS — Ghanaian Cedi". */
export const currencyChoices = (currencyNames: Intl.DisplayNames | null): { value: string; label: string }[] =>
  Intl.supportedValuesOf('currency').map((c) => ({ value: c, label: `${c} — ${currencyNames?.of(c) ?? c}` }));
