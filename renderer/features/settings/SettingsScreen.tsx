import { zodResolver } from '@hookform/resolvers/zod';
import { Alert, Autocomplete, Button, Divider, Group, Paper, Select, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { getCountries } from 'libphonenumber-js';
import { useMemo, useState } from 'react';
import { Controller, useForm, type Control, type FieldPath } from 'react-hook-form';
import { z } from 'zod';
import { settingsPatch, type InputOf, type Settings } from '../../../shared/contract';
import { isCountryCode, isCurrencyCode, isTimeZone } from '../../../shared/format/locale';
import { currencyDigits, formatMoney, minorToMajorString, parseMoney } from '../../../shared/format/money';
import { isApiError, useApiMutation } from '../../api';
import { notifyDone, notifyError } from '../../components/notify';
import { currencyChoices, displayNames } from './choices';
import { LoyaltySettingsPanel } from '../loyalty/LoyaltySettingsPanel';
import { MailchimpSettingsPanel } from '../mailchimp/MailchimpSettingsPanel';
import { DiagnosticsPanel } from './DiagnosticsPanel';
import { SharedBookPanel } from './SharedBookPanel';
import { useSettings } from './settings';

const validLocale = (tag: string) => {
  try {
    return Intl.NumberFormat.supportedLocalesOf([tag]).length > 0;
  } catch {
    return false;
  }
};

/** The contract's own rule for one setting, as a form refinement: the same message the core would give. */
function contractProblem(field: 'idleLockMinutes' | 'backupFolder' | 'highValueThreshold', value: unknown): string | null {
  const checked = settingsPatch.shape[field].safeParse(value);
  return checked.success ? null : (checked.error.issues[0]?.message ?? 'Not accepted');
}

/** What the form holds: plain strings as typed; the ceiling and the high-value threshold in major units ("5000.00"). */
const settingsFormSchema = z
  .object({
    shopName: z.string().trim().min(1, 'The shop needs a name').max(100, 'At most 100 characters'),
    currency: z.string().refine(isCurrencyCode, 'Choose a currency from the list'),
    phoneCountry: z.string().refine(isCountryCode, 'Choose a country from the list'),
    locale: z.string().trim().min(1, 'Enter a language tag such as en-GH').refine(validLocale, 'Not a language tag this computer knows, e.g. en-GH or fr-FR'),
    timeZone: z.string().refine(isTimeZone, 'Choose a time zone from the list'),
    saleCeiling: z.string(),
    highValueThreshold: z.string(),
    idleLockMinutes: z.string().trim().regex(/^\d{1,3}$/, 'Whole minutes, e.g. 5 (0 never locks)'),
    backupFolder: z.string(),
  })
  .superRefine((values, ctx) => {
    const idle = /^\d{1,3}$/.test(values.idleLockMinutes.trim()) ? contractProblem('idleLockMinutes', Number(values.idleLockMinutes)) : null;
    if (idle) ctx.addIssue({ code: 'custom', path: ['idleLockMinutes'], message: idle });
    const folder = contractProblem('backupFolder', values.backupFolder);
    if (folder) ctx.addIssue({ code: 'custom', path: ['backupFolder'], message: folder });
    if (!isCurrencyCode(values.currency)) return;
    const money = parseMoney(values.saleCeiling, values.currency);
    if (!money.ok) ctx.addIssue({ code: 'custom', path: ['saleCeiling'], message: money.message });
    else if (money.minor <= 0) ctx.addIssue({ code: 'custom', path: ['saleCeiling'], message: 'The ceiling must be more than zero' });
    const threshold = parseMoney(values.highValueThreshold, values.currency);
    const thresholdProblem = threshold.ok ? contractProblem('highValueThreshold', threshold.minor) : threshold.message;
    if (thresholdProblem) ctx.addIssue({ code: 'custom', path: ['highValueThreshold'], message: thresholdProblem });
  });

type SettingsForm = z.input<typeof settingsFormSchema>;
const fieldNames = ['shopName', 'currency', 'phoneCountry', 'locale', 'timeZone', 'saleCeiling', 'highValueThreshold', 'idleLockMinutes', 'backupFolder'] as const;

const toForm = (s: Settings): SettingsForm => ({
  shopName: s.shopName,
  currency: s.currency,
  phoneCountry: s.phoneCountry,
  locale: s.locale,
  timeZone: s.timeZone,
  saleCeiling: majorWithGrouping(s.saleCeiling, s.currency),
  highValueThreshold: majorWithGrouping(s.highValueThreshold, s.currency),
  idleLockMinutes: String(s.idleLockMinutes),
  backupFolder: s.backupFolder ?? '',
});

/** "100,000.00": grouped for reading, in the plain form parseMoney reads back. */
function majorWithGrouping(minor: number, currency: string): string {
  const digits = currencyDigits(currency);
  return new Intl.NumberFormat('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(Number(minorToMajorString(minor, currency)));
}

const commonLocales = ['en-GH', 'en-GB', 'en-US', 'en-NG', 'en-KE', 'en-ZA', 'fr-FR', 'fr-CI', 'fr-SN', 'de-DE', 'es-ES', 'pt-PT', 'nl-NL'];

export function SettingsScreen() {
  const settings = useSettings();
  return (
    <Stack gap="md" maw={880}>
      <div>
        <Title order={1} fz="h2">
          Settings
        </Title>
        <Text c="dimmed" size="sm">
          How this shop's money, phone numbers and dates are read and shown.
        </Text>
      </div>
      <SettingsFormPanel key={settings.updatedAt} settings={settings} />
      <LoyaltySettingsPanel key={`loyalty-${settings.updatedAt}`} settings={settings} />
      <MailchimpSettingsPanel />
      <SharedBookPanel />
      <DiagnosticsPanel />
    </Stack>
  );
}

function SettingsFormPanel({ settings }: { settings: Settings }) {
  const form = useForm<SettingsForm>({ resolver: zodResolver(settingsFormSchema), defaultValues: toForm(settings), mode: 'onTouched' });
  const { register, control, formState, watch } = form;
  const errors = formState.errors;
  const update = useApiMutation('settings.update');
  const [general, setGeneral] = useState<string | null>(null);

  const lists = useMemo(() => {
    const { currency: currencyNames, region: regionNames } = displayNames(settings.locale);
    return {
      currencies: currencyChoices(currencyNames),
      countries: getCountries()
        .map((c) => ({ value: c, label: `${regionNames?.of(c) ?? c} (${c})` }))
        .sort((x, y) => x.label.localeCompare(y.label)),
      // Intl lists canonical zones only: the zone in force (UTC, or an old name like Asia/Calcutta) must be there too, or the field shows empty.
      timeZones: [...new Set([...Intl.supportedValuesOf('timeZone'), 'UTC', settings.timeZone])].sort(),
    };
  }, [settings.locale, settings.timeZone]);

  const currency = watch('currency');
  const locale = watch('locale');
  const timeZone = watch('timeZone');
  const preview = useMemo(() => {
    if (!isCurrencyCode(currency) || !validLocale(locale) || !isTimeZone(timeZone)) return null;
    const digits = currencyDigits(currency);
    return `${formatMoney(1_234_567 * 10 ** Math.max(0, digits - 2), currency, locale)} · ${new Intl.NumberFormat(locale).format(12345.5)} · ${new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeStyle: 'short', timeZone }).format(new Date())}`;
  }, [currency, locale, timeZone]);
  const symbol = useMemo(() => {
    if (!isCurrencyCode(currency)) return '';
    return new Intl.NumberFormat(validLocale(locale) ? locale : 'en', { style: 'currency', currency }).formatToParts(0).find((p) => p.type === 'currency')?.value ?? currency;
  }, [currency, locale]);

  const onSubmit = form.handleSubmit(async (values) => {
    setGeneral(null);
    const patch: InputOf<'settings.update'> = {};
    const before = toForm(settings);
    if (values.shopName.trim() !== before.shopName) patch.shopName = values.shopName.trim();
    if (values.currency !== before.currency) patch.currency = values.currency;
    if (values.phoneCountry !== before.phoneCountry) patch.phoneCountry = values.phoneCountry;
    if (values.locale.trim() !== before.locale) patch.locale = values.locale.trim();
    if (values.timeZone !== before.timeZone) patch.timeZone = values.timeZone;
    const ceiling = parseMoney(values.saleCeiling, values.currency);
    if (ceiling.ok && (ceiling.minor !== settings.saleCeiling || patch.currency)) patch.saleCeiling = ceiling.minor;
    const threshold = parseMoney(values.highValueThreshold, values.currency);
    if (threshold.ok && (threshold.minor !== settings.highValueThreshold || patch.currency)) patch.highValueThreshold = threshold.minor;
    if (Number(values.idleLockMinutes) !== settings.idleLockMinutes) patch.idleLockMinutes = Number(values.idleLockMinutes);
    // '' asks for the default folder beside the book; the core stores it as "none chosen".
    if (values.backupFolder.trim() !== before.backupFolder) patch.backupFolder = values.backupFolder.trim();
    if (Object.keys(patch).length === 0) {
      notifyDone('Nothing changed');
      return;
    }
    try {
      await update.mutateAsync(patch);
      notifyDone('Settings saved');
    } catch (error) {
      if (!isApiError(error)) return notifyError(error, 'Settings were not saved');
      let placed = false;
      for (const [path, message] of Object.entries(error.fields)) {
        const field = fieldNames.find((f) => path.split('.').includes(f));
        if (field) {
          form.setError(field as FieldPath<SettingsForm>, { type: 'server', message }, { shouldFocus: !placed });
          placed = true;
        }
      }
      if (!placed && error.code === 'conflict' && patch.currency) {
        form.setError('currency', { type: 'server', message: error.message }, { shouldFocus: true });
        placed = true;
      }
      if (!placed) setGeneral(error.message);
    }
  });

  return (
    <Paper withBorder radius="md" p="lg" component="form" onSubmit={onSubmit} noValidate aria-label="Shop settings">
      <Stack gap="md">
        <TextInput label="Shop name" withAsterisk {...register('shopName')} error={errors.shopName?.message} maw={420} />
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
          <SelectField
            control={control}
            name="currency"
            label="Currency"
            description="Changing it is refused once sales use a currency with other decimals."
            data={lists.currencies}
            nothingFoundMessage="No such currency"
            error={errors.currency?.message}
          />
          <SelectField
            control={control}
            name="phoneCountry"
            label="Default phone country"
            description="Numbers typed without a country code are read as this country's."
            data={lists.countries}
            nothingFoundMessage="No such country"
            error={errors.phoneCountry?.message}
          />
          <Controller
            control={control}
            name="locale"
            render={({ field }) => (
              <Autocomplete
                label="Locale"
                description="How numbers and dates are written, e.g. en-GH."
                data={commonLocales}
                value={field.value}
                onChange={field.onChange}
                onBlur={field.onBlur}
                error={errors.locale?.message}
              />
            )}
          />
          <SelectField
            control={control}
            name="timeZone"
            label="Time zone"
            description="“Today” and “this month” are the shop's."
            data={lists.timeZones}
            limit={200}
            nothingFoundMessage="No such time zone"
            error={errors.timeZone?.message}
          />
          <TextInput
            label="Largest sale accepted"
            description="A sale above this is taken for a typing mistake and refused."
            inputMode="decimal"
            autoComplete="off"
            leftSection={<Text size="sm" c="dimmed">{symbol}</Text>}
            leftSectionWidth={Math.max(36, 12 + symbol.length * 10)}
            styles={{ input: { fontVariantNumeric: 'tabular-nums' } }}
            {...register('saleCeiling')}
            error={errors.saleCeiling?.message}
          />
          <TextInput
            label="High-value customers from"
            description="The “High value” segment: customers with 3 or more purchases who have spent at least this in all."
            inputMode="decimal"
            autoComplete="off"
            leftSection={<Text size="sm" c="dimmed">{symbol}</Text>}
            leftSectionWidth={Math.max(36, 12 + symbol.length * 10)}
            styles={{ input: { fontVariantNumeric: 'tabular-nums' } }}
            {...register('highValueThreshold')}
            error={errors.highValueThreshold?.message}
          />
        </SimpleGrid>
        <Text size="sm" c="dimmed" aria-live="polite">
          {preview ? `Looks like: ${preview}` : ' '}
        </Text>
        <Divider />
        <Title order={2} fz="lg">
          Counter and backups
        </Title>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
          <TextInput
            label="Lock the counter after (minutes)"
            description="After this long with nobody at the keyboard, Regulars locks and asks for a PIN. 0 never locks."
            inputMode="numeric"
            autoComplete="off"
            styles={{ wrapper: { maxWidth: 160 }, input: { fontVariantNumeric: 'tabular-nums' } }}
            {...register('idleLockMinutes')}
            error={errors.idleLockMinutes?.message}
          />
          <TextInput
            label="Backup folder"
            description="A full path, e.g. a USB drive or a synced folder. Leave empty for a backups folder beside the customer book."
            placeholder="e.g. D:\Regulars backups"
            autoComplete="off"
            spellCheck={false}
            {...register('backupFolder')}
            error={errors.backupFolder?.message}
          />
        </SimpleGrid>
        {general ? (
          <Alert color="red" role="alert" title="Settings were not saved">
            {general}
          </Alert>
        ) : null}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={() => form.reset(toForm(settings))} disabled={!formState.isDirty}>
            Discard changes
          </Button>
          <Button type="submit" loading={update.isPending}>
            Save settings
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

/** A searchable pick-one list bound to the form: the currency, country and time zone fields share it. */
function SelectField({
  control,
  name,
  data,
  error,
  ...props
}: {
  control: Control<SettingsForm>;
  name: 'currency' | 'phoneCountry' | 'timeZone';
  label: string;
  description: string;
  data: string[] | { value: string; label: string }[];
  nothingFoundMessage: string;
  limit?: number;
  error?: string;
}) {
  return (
    <Controller
      control={control}
      name={name}
      render={({ field }) => (
        <Select
          {...props}
          searchable
          data={data}
          value={field.value}
          onChange={(v) => v && field.onChange(v)}
          onBlur={field.onBlur}
          allowDeselect={false}
          error={error}
        />
      )}
    />
  );
}
