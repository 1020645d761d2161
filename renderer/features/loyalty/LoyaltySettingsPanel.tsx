import { Alert, Button, Group, Paper, SimpleGrid, Stack, Switch, Text, TextInput, Title } from '@mantine/core';
import { useMemo, useState, type FormEvent } from 'react';
import { loyaltySchemeInput, type LoyaltyScheme, type Settings } from '../../../shared/contract';
import { minorToMajorString, parseMoney } from '../../../shared/format/money';
import { isApiError, useApiMutation } from '../../api';
import { notifyDone, notifyError } from '../../components/notify';
import { useFormat } from '../settings/settings';

type Field = 'spendPerPoint' | 'rewardPoints' | 'rewardValue' | 'expireMonths';
type Typed = Record<Field, string>;

const typedFrom = (scheme: LoyaltyScheme | null, currency: string): Typed => ({
  spendPerPoint: scheme ? minorToMajorString(scheme.spendPerPoint, currency) : '1.00',
  rewardPoints: scheme ? String(scheme.rewardPoints) : '100',
  rewardValue: scheme ? minorToMajorString(scheme.rewardValue, currency) : '5.00',
  expireMonths: scheme?.expireMonths ? String(scheme.expireMonths) : '',
});

/**
 * The loyalty scheme, in Settings (the owner's): off by default. Amounts are typed in major units as
 * people write them; the contract's own schema says what is accepted, in the core's words.
 */
export function LoyaltySettingsPanel({ settings }: { settings: Settings }) {
  const format = useFormat();
  const save = useApiMutation('loyalty.setScheme');
  const [on, setOn] = useState(settings.loyalty !== null);
  const [typed, setTyped] = useState<Typed>(() => typedFrom(settings.loyalty, settings.currency));
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [general, setGeneral] = useState<string | null>(null);

  const set = (field: Field) => (event: React.ChangeEvent<HTMLInputElement>) => {
    const text = event.currentTarget.value;
    setTyped((t) => ({ ...t, [field]: text }));
    setErrors((e) => ({ ...e, [field]: undefined }));
  };

  const example = useMemo(() => {
    const per = parseMoney(typed.spendPerPoint, settings.currency);
    const value = parseMoney(typed.rewardValue, settings.currency);
    const at = Number(typed.rewardPoints);
    if (!per.ok || !value.ok || !Number.isInteger(at) || at <= 0 || per.minor <= 0) return null;
    const sale = 50 * per.minor;
    return `A sale of ${format.money(sale)} earns ${format.count(50)} points; ${format.count(at)} points take ${format.money(value.minor)} off a sale.`;
  }, [typed, settings.currency, format]);

  // What both amounts' fields share: typed in major units of the shop's currency, its symbol before them.
  const money = {
    inputMode: 'decimal',
    autoComplete: 'off',
    leftSection: (
      <Text size="sm" c="dimmed">
        {format.currencySymbol}
      </Text>
    ),
    leftSectionWidth: Math.max(36, 12 + format.currencySymbol.length * 10),
    styles: { input: { fontVariantNumeric: 'tabular-nums' } },
  } as const;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setGeneral(null);
    let scheme: LoyaltyScheme | null = null;
    if (on) {
      const next: Partial<Record<Field, string>> = {};
      const money = (field: 'spendPerPoint' | 'rewardValue') => {
        const parsed = parseMoney(typed[field], settings.currency);
        if (!parsed.ok) next[field] = parsed.message;
        return parsed.ok ? parsed.minor : Number.NaN;
      };
      const whole = (field: 'rewardPoints' | 'expireMonths') => {
        if (/^\s*\d+\s*$/.test(typed[field])) return Number(typed[field]);
        next[field] = 'Type a whole number';
        return Number.NaN;
      };
      const checked = loyaltySchemeInput.safeParse({
        spendPerPoint: money('spendPerPoint'),
        rewardPoints: whole('rewardPoints'),
        rewardValue: money('rewardValue'),
        expireMonths: typed.expireMonths.trim() === '' ? null : whole('expireMonths'),
      });
      for (const issue of checked.error?.issues ?? []) next[issue.path[0] as Field] ??= issue.message;
      setErrors(next);
      if (!checked.success || Object.keys(next).length > 0) return;
      scheme = checked.data;
    }
    try {
      await save.mutateAsync({ scheme });
      notifyDone(scheme ? 'Loyalty points are on' : 'Loyalty points are off; customers keep the points they hold');
    } catch (error) {
      if (!isApiError(error)) return notifyError(error, 'The loyalty scheme was not saved');
      const placed: Partial<Record<Field, string>> = {};
      for (const [path, message] of Object.entries(error.fields)) {
        const field = (['spendPerPoint', 'rewardPoints', 'rewardValue', 'expireMonths'] as const).find((f) => path.split('.').includes(f));
        if (field) placed[field] = message;
      }
      setErrors(placed);
      if (Object.keys(placed).length === 0) setGeneral(error.message);
    }
  };

  return (
    <Paper withBorder radius="md" p="lg" component="form" onSubmit={submit} noValidate aria-label="Loyalty points">
      <Stack gap="md">
        <div>
          <Title order={2} fz="lg">
            Loyalty points
          </Title>
          <Text size="sm" c="dimmed">
            Customers earn points as they buy, and use a reward at the counter. A change applies to sales from now on; points already earned stay as they are.
          </Text>
        </div>
        <Switch label="Customers earn and use points" checked={on} onChange={(e) => setOn(e.currentTarget.checked)} />
        {on ? (
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
            <TextInput
              label="One point for every"
              description="Spent, in the shop's currency: what is left over earns nothing."
              {...money}
              value={typed.spendPerPoint}
              onChange={set('spendPerPoint')}
              error={errors.spendPerPoint}
            />
            <TextInput label="Points for a reward" inputMode="numeric" autoComplete="off" value={typed.rewardPoints} onChange={set('rewardPoints')} error={errors.rewardPoints} />
            <TextInput
              label="A reward takes off"
              {...money}
              value={typed.rewardValue}
              onChange={set('rewardValue')}
              error={errors.rewardValue}
            />
            <TextInput
              label="Points lapse after (months without a purchase)"
              description="Leave empty: points never lapse."
              inputMode="numeric"
              autoComplete="off"
              value={typed.expireMonths}
              onChange={set('expireMonths')}
              error={errors.expireMonths}
            />
          </SimpleGrid>
        ) : null}
        {on && example ? (
          <Text size="sm" c="dimmed" aria-live="polite">
            {example}
          </Text>
        ) : null}
        {general ? (
          <Alert color="red" role="alert" title="The loyalty scheme was not saved">
            {general}
          </Alert>
        ) : null}
        <Group justify="flex-end">
          <Button type="submit" loading={save.isPending}>
            Save loyalty
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
