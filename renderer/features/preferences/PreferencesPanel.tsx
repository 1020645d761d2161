import { Alert, Button, Group, Paper, Select, SimpleGrid, Skeleton, Stack, Switch, TagsInput, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import {
  contactChannels,
  paymentMethods,
  type ContactChannel,
  type Customer,
  type PaymentMethod,
  type Preferences,
} from '../../../shared/contract';
import { isApiError, useApiMutation, useApiQuery } from '../../api';
import { notifyDone, notifyError } from '../../components/notify';
import { RelativeTime } from '../../components/RelativeTime';
import { paymentLabels } from '../customers/labels';

const channelLabels: Record<ContactChannel, string> = { sms: 'SMS', email: 'Email', call: 'Phone call' };

type Draft = Omit<Preferences, 'customerId' | 'updatedAt' | 'bestTime'> & { bestTime: string };

const draftOf = (p: Preferences): Draft => ({
  channel: p.channel,
  bestTime: p.bestTime ?? '',
  doNotContact: p.doNotContact,
  favoriteProducts: p.favoriteProducts,
  paymentMethod: p.paymentMethod,
  offersOptIn: p.offersOptIn,
  loyaltyOptIn: p.loyaltyOptIn,
});

export function PreferencesPanel({ customer }: { customer: Customer }) {
  const prefs = useApiQuery('preferences.get', { customerId: customer.id });
  if (prefs.isError) return <Alert color="red" title="Preferences could not be loaded">{prefs.error.message}</Alert>;
  if (!prefs.data) return <Skeleton height={220} />;
  // Keyed on the saved version: after a save the form starts again from what the core stored.
  return <PreferencesForm key={prefs.data.updatedAt} customer={customer} saved={prefs.data} />;
}

function PreferencesForm({ customer, saved }: { customer: Customer; saved: Preferences }) {
  const initial = draftOf(saved);
  const [draft, setDraft] = useState<Draft>(initial);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const update = useApiMutation('preferences.update');
  const dirty = JSON.stringify(draft) !== JSON.stringify(initial);
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft((d) => ({ ...d, [key]: value }));

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    setErrors({});
    try {
      await update.mutateAsync({ customerId: customer.id, patch: draft });
      notifyDone(`Preferences saved for ${customer.name}`);
    } catch (e) {
      if (!isApiError(e)) return notifyError(e, 'Preferences were not saved');
      const fields: Record<string, string> = {};
      for (const [path, message] of Object.entries(e.fields)) fields[path.split('.')[1] ?? path] = message;
      setErrors(Object.keys(fields).length ? fields : { _: e.message });
    }
  };

  return (
    <Paper withBorder radius="md" p="lg" component="form" onSubmit={submit} noValidate aria-label="Preferences">
      <Stack gap="md">
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="md">
          <Select
            label="Preferred channel"
            placeholder="No preference"
            clearable
            data={contactChannels.map((c) => ({ value: c, label: channelLabels[c] }))}
            value={draft.channel}
            onChange={(v) => set('channel', v as ContactChannel | null)}
            error={errors.channel}
          />
          <TextInput
            label="Best time to reach"
            placeholder="e.g. weekday mornings"
            value={draft.bestTime}
            onChange={(e) => set('bestTime', e.currentTarget.value)}
            error={errors.bestTime}
          />
          <Select
            label="Preferred payment"
            placeholder="No preference"
            clearable
            data={paymentMethods.map((m) => ({ value: m, label: paymentLabels[m] }))}
            value={draft.paymentMethod}
            onChange={(v) => set('paymentMethod', v as PaymentMethod | null)}
            error={errors.paymentMethod}
          />
        </SimpleGrid>
        <TagsInput
          label="Favourite products"
          placeholder="Type a product, then Enter"
          value={draft.favoriteProducts}
          onChange={(v) => set('favoriteProducts', v)}
          clearable
          error={errors.favoriteProducts}
        />
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="md">
          <Switch
            label="Do not contact"
            description="Never message or call, whatever else is set"
            checked={draft.doNotContact}
            onChange={(e) => set('doNotContact', e.currentTarget.checked)}
            color="red"
          />
          <Switch
            label="Wants offers"
            description="Happy to hear about deals and new stock"
            checked={draft.offersOptIn}
            onChange={(e) => set('offersOptIn', e.currentTarget.checked)}
          />
          <Switch
            label="In the loyalty scheme"
            description="Collects rewards on purchases"
            checked={draft.loyaltyOptIn}
            onChange={(e) => set('loyaltyOptIn', e.currentTarget.checked)}
          />
        </SimpleGrid>
        {errors._ ? (
          <Alert color="red" role="alert">
            {errors._}
          </Alert>
        ) : null}
        <Group justify="space-between">
          <Text size="sm" c="dimmed">
            Last changed <RelativeTime iso={saved.updatedAt} />
          </Text>
          <Group gap="sm">
            <Button variant="default" disabled={!dirty} onClick={() => setDraft(initial)}>
              Discard changes
            </Button>
            <Button type="submit" disabled={!dirty} loading={update.isPending}>
              Save preferences
            </Button>
          </Group>
        </Group>
      </Stack>
    </Paper>
  );
}
