import { zodResolver } from '@hookform/resolvers/zod';
import { Alert, Autocomplete, Box, Button, Divider, Group, Paper, Select, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { getCountryCallingCode, type CountryCode } from 'libphonenumber-js';
import { Fragment, useMemo, useState } from 'react';
import { Controller, useForm, type FieldErrors } from 'react-hook-form';
import { z } from 'zod';
import { pin as pinRule, shopSetup, staffName } from '../../../shared/contract';
import { countryDefaults, countryOfTimeZone, countryOptions, localesOf, timeZonesOf, type ComputerSetup } from '../../../shared/format/country';
import { isCountryCode, isCurrencyCode, isTimeZone } from '../../../shared/format/locale';
import { isApiError } from '../../api';
import { ChevronDownIcon, KeyIcon } from '../../components/icons';
import { currencyChoices, displayNames } from '../settings/choices';
import { PinField, SignInFrame } from './frame';
import { useSession } from './session';

const firstRunSchema = shopSetup
  .extend({
    country: z.string().refine(isCountryCode, 'Pick the country the shop is in'),
    name: staffName,
    pin: pinRule,
    confirmPin: z.string(),
  })
  .refine((v) => v.pin === v.confirmPin, { path: ['confirmPin'], message: 'The two PINs are not the same' });
type FirstRunValues = z.input<typeof firstRunSchema>;

/** Follow from the country, shown in one line and opened only to change them. */
const derivedFields = ['currency', 'phoneCountry', 'locale', 'timeZone'] as const;
type DerivedField = (typeof derivedFields)[number];
const formFields = ['shopName', 'country', ...derivedFields, 'name', 'pin', 'confirmPin'] as const;

/** This PC's own clock and language, kept where they fit the shop's country. */
function thisComputer(): ComputerSetup {
  return { timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone ?? 'UTC', locale: navigator.language || 'en-US' };
}

/** The country this PC is probably in: its clock's, else its language's region. Null when neither says. */
function likelyCountry(computer: ComputerSetup): string | null {
  const byClock = countryOfTimeZone(computer.timeZone);
  if (byClock && isCountryCode(byClock)) return byClock;
  try {
    const region = new Intl.Locale(computer.locale).region;
    return region && isCountryCode(region) ? region : null;
  } catch {
    return null;
  }
}

const validLocale = (tag: string) => {
  try {
    return Intl.NumberFormat.supportedLocalesOf([tag]).length > 0;
  } catch {
    return false;
  }
};

/** The first screen of a new book: where the shop is (its money, phone numbers, dates and clock follow), then the owner's PIN. */
export function FirstRunSetup() {
  const session = useSession();
  const computer = useMemo(thisComputer, []);
  const [problem, setProblem] = useState<string | null>(null);
  const [detailsOpen, setDetailsOpen] = useState(false);
  const form = useForm<FirstRunValues>({
    resolver: zodResolver(firstRunSchema),
    defaultValues: (() => {
      const country = likelyCountry(computer);
      const derived = country ? countryDefaults(country, computer) : { currency: '', phoneCountry: '', locale: computer.locale, timeZone: computer.timeZone };
      return { shopName: '', country: country ?? '', ...derived, name: '', pin: '', confirmPin: '' };
    })(),
  });
  const { errors, isSubmitting } = form.formState;
  const [country, currency, phoneCountry, locale, timeZone] = form.watch(['country', 'currency', 'phoneCountry', 'locale', 'timeZone']);

  const countries = useMemo(() => countryOptions(computer.locale), [computer.locale]);
  const countryName = countries.find((c) => c.code === country)?.name ?? country;

  const chooseCountry = (code: string | null) => {
    form.setValue('country', code ?? '', { shouldValidate: form.formState.isSubmitted });
    if (!code) return;
    const derived = countryDefaults(code, computer);
    for (const field of derivedFields) form.setValue(field, derived[field]);
    form.clearErrors([...derivedFields]);
  };

  const openDetailsFor = (fieldErrors: FieldErrors<FirstRunValues>) => {
    if (derivedFields.some((f) => fieldErrors[f])) setDetailsOpen(true);
  };

  const submit = form.handleSubmit(async ({ shopName, currency: c, phoneCountry: p, locale: l, timeZone: t, name, pin }) => {
    setProblem(null);
    try {
      await session.setupOwner({ name, pin, shop: { shopName, currency: c, phoneCountry: p, locale: l, timeZone: t } });
    } catch (error) {
      if (!isApiError(error)) return setProblem(error instanceof Error ? error.message : String(error));
      let placed = false;
      for (const [path, message] of Object.entries(error.fields)) {
        // The core names shop fields `shop.currency`; the form holds them flat.
        const field = formFields.find((f) => path.split('.').at(-1) === f);
        if (!field) continue;
        if ((derivedFields as readonly string[]).includes(field)) setDetailsOpen(true);
        form.setError(field, { type: 'server', message }, { shouldFocus: !placed });
        placed = true;
      }
      if (!placed) setProblem(error.message);
    }
  }, openDetailsFor);

  return (
    <SignInFrame label="Set up Regulars" width={600}>
      <form onSubmit={submit} noValidate>
        <Stack gap="lg">
          <div>
            <Title order={1} fz="h2">
              Set up your shop
            </Title>
            <Text c="dimmed" size="sm" mt={4}>
              Where the shop is decides its money, phone numbers, dates and clock. You can change any of it later in Settings.
            </Text>
          </div>
          {problem ? (
            <Alert color="red" title="Regulars could not be set up">
              {problem}
            </Alert>
          ) : null}
          <Stack gap="md">
            <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="md">
              <TextInput label="Shop name" placeholder="e.g. Osu Corner Shop" autoComplete="organization" autoFocus error={errors.shopName?.message} {...form.register('shopName')} />
              <Select
                label="Country"
                placeholder="Type to search"
                searchable
                data={countries.map((c) => ({ value: c.code, label: c.name }))}
                value={country || null}
                onChange={chooseCountry}
                allowDeselect={false}
                nothingFoundMessage="No country by that name"
                error={errors.country?.message}
                maxDropdownHeight={280}
              />
            </SimpleGrid>
            {country ? (
              <ShopFormats
                open={detailsOpen}
                onToggle={() => setDetailsOpen((o) => !o)}
                countryCode={country}
                countryName={countryName}
                values={{ currency, phoneCountry, locale, timeZone }}
                computer={computer}
                control={form.control}
                errors={errors}
              />
            ) : null}
          </Stack>
          <Divider />
          <Stack gap="md">
            <div>
              <Title order={2} fz="lg">
                You, the owner
              </Title>
              <Text c="dimmed" size="sm" mt={2}>
                The name your staff will see, and a PIN of 4 to 8 digits to sign in. You can add staff once you are in.
              </Text>
            </div>
            <SimpleGrid cols={{ base: 1, xs: 3 }} spacing="md">
              <TextInput label="Your name" autoComplete="name" error={errors.name?.message} {...form.register('name')} />
              <Controller control={form.control} name="pin" render={({ field }) => <PinField label="PIN" size="sm" error={errors.pin?.message} {...field} />} />
              <Controller control={form.control} name="confirmPin" render={({ field }) => <PinField label="Confirm PIN" size="sm" error={errors.confirmPin?.message} {...field} />} />
            </SimpleGrid>
          </Stack>
          <Button type="submit" size="md" loading={isSubmitting} leftSection={<KeyIcon size={16} />}>
            Set up and open Regulars
          </Button>
        </Stack>
      </form>
    </SignInFrame>
  );
}

/** Sample figures that show at a glance how the chosen formats read: an amount, a day-first or month-first date. */
function describeFormats(values: Record<DerivedField, string>) {
  const locale = validLocale(values.locale) ? values.locale : 'en';
  let symbol = values.currency;
  if (isCurrencyCode(values.currency)) {
    symbol = new Intl.NumberFormat(locale, { style: 'currency', currency: values.currency }).formatToParts(0).find((p) => p.type === 'currency')?.value ?? values.currency;
  }
  let calling = '';
  try {
    calling = isCountryCode(values.phoneCountry) ? `+${getCountryCallingCode(values.phoneCountry as CountryCode)}` : '';
  } catch {
    calling = '';
  }
  const date = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'numeric', year: 'numeric', timeZone: 'UTC' }).format(Date.UTC(2026, 11, 25, 12));
  return [
    { label: 'Currency', value: symbol === values.currency ? symbol : `${symbol} (${values.currency})` },
    { label: 'Phone', value: calling || values.phoneCountry },
    { label: 'Dates', value: date },
    { label: 'Time', value: isTimeZone(values.timeZone) ? values.timeZone.replace(/_/g, ' ') : values.timeZone },
  ];
}

function ShopFormats({
  open,
  onToggle,
  countryCode,
  countryName,
  values,
  computer,
  control,
  errors,
}: {
  open: boolean;
  onToggle(): void;
  countryCode: string;
  countryName: string;
  values: Record<DerivedField, string>;
  computer: ComputerSetup;
  control: import('react-hook-form').Control<FirstRunValues>;
  errors: FieldErrors<FirstRunValues>;
}) {
  const summary = describeFormats(values);
  const lists = useMemo(() => {
    const { currency: currencyNames, region: regionNames } = displayNames(computer.locale);
    const here = timeZonesOf(countryCode);
    const everywhere = [...new Set([...Intl.supportedValuesOf('timeZone'), 'UTC'])].filter((z) => !here.includes(z));
    return {
      currencies: currencyChoices(currencyNames),
      phoneCountries: countryOptions(computer.locale).map((c) => ({
        value: c.code,
        label: `${regionNames?.of(c.code) ?? c.code} (+${getCountryCallingCode(c.code as CountryCode)})`,
      })),
      locales: [...new Set([...localesOf(countryCode), computer.locale, `en-${countryCode}`].filter(validLocale))],
      timeZones: [
        { group: `In ${countryName}`, items: here },
        { group: 'Elsewhere', items: everywhere },
      ].filter((g) => g.items.length > 0),
    };
  }, [countryCode, countryName, computer.locale]);
  const hasError = derivedFields.some((f) => errors[f]);

  return (
    <Paper radius="md" p="md" bg="var(--mantine-color-default-hover)" withBorder={hasError} style={hasError ? { borderColor: 'var(--mantine-color-error)' } : undefined}>
      <Group justify="space-between" align="center" wrap="nowrap" gap="md" mb="xs">
        <Text size="sm" fw={600}>
          Set for {countryName}
        </Text>
        <Button
          variant="subtle"
          size="compact-sm"
          onClick={onToggle}
          aria-expanded={open}
          aria-controls="shop-formats-fields"
          rightSection={<ChevronDownIcon size={14} style={{ transform: open ? 'rotate(180deg)' : undefined, transition: 'transform 150ms' }} />}
        >
          {open ? 'Done' : 'Change'}
        </Button>
      </Group>
      {/* Open, the fields show the same values: the summary folds away instead of repeating them. */}
      {open ? null : (
        // Short values take what they need; the time zone gets the rest and may wrap at its slashes.
        <Box component="dl" m={0} data-testid="shop-formats" style={{ display: 'grid', gridTemplateColumns: 'repeat(3, auto) minmax(0, 1fr)', columnGap: 'var(--mantine-spacing-xl)' }}>
          {summary.map((item) => (
            <Box key={item.label} miw={0}>
              <Text component="dt" size="xs" c="dimmed">
                {item.label}
              </Text>
              <Text component="dd" m={0} fw={600} size="sm" style={{ fontVariantNumeric: 'tabular-nums' }}>
                {(item.label === 'Time' ? item.value.split('/') : [item.value]).map((part, i) => (
                  <Fragment key={i}>
                    {i > 0 ? (
                      <>
                        /<wbr />
                      </>
                    ) : null}
                    {part}
                  </Fragment>
                ))}
              </Text>
            </Box>
          ))}
        </Box>
      )}
      {open ? (
        <SimpleGrid id="shop-formats-fields" cols={{ base: 1, xs: 2 }} spacing="sm">
          <Controller
            control={control}
            name="currency"
            render={({ field }) => (
              <Select label="Currency" searchable data={lists.currencies} value={field.value} onChange={(v) => v && field.onChange(v)} onBlur={field.onBlur} allowDeselect={false} nothingFoundMessage="No such currency" error={errors.currency?.message} />
            )}
          />
          <Controller
            control={control}
            name="phoneCountry"
            render={({ field }) => (
              <Select
                label="Phone country"
                description="For numbers without a country code"
                searchable
                data={lists.phoneCountries}
                value={field.value}
                onChange={(v) => v && field.onChange(v)}
                onBlur={field.onBlur}
                allowDeselect={false}
                nothingFoundMessage="No such country"
                error={errors.phoneCountry?.message}
              />
            )}
          />
          <Controller
            control={control}
            name="locale"
            render={({ field }) => (
              <Autocomplete label="Locale" description="How numbers and dates are written" data={lists.locales} value={field.value} onChange={field.onChange} onBlur={field.onBlur} error={errors.locale?.message} />
            )}
          />
          <Controller
            control={control}
            name="timeZone"
            render={({ field }) => (
              <Select
                label="Time zone"
                description="“Today” and “this month” are the shop's"
                searchable
                data={lists.timeZones}
                value={field.value}
                onChange={(v) => v && field.onChange(v)}
                onBlur={field.onBlur}
                allowDeselect={false}
                nothingFoundMessage="No such time zone"
                error={errors.timeZone?.message}
              />
            )}
          />
        </SimpleGrid>
      ) : null}
    </Paper>
  );
}
