import { zodResolver } from '@hookform/resolvers/zod';
import { Alert, Button, Group, Modal, Radio, SegmentedControl, Select, Stack, Text, Textarea } from '@mantine/core';
import { useEffect } from 'react';
import { Controller, useForm, useWatch } from 'react-hook-form';
import { z } from 'zod';
import { consentChannels, setConsentInput, settableConsentStatuses, type Customer } from '../../../shared/contract';
import { useApiMutation } from '../../api';
import { notifyDone, notifyError } from '../../components/notify';
import { channelLabels, defaultWording, methodLabels, staffMethods, statusLabels } from './labels';

const schema = z.object({
  channel: z.enum(consentChannels),
  // Never pre-ticked: staff choose the customer's answer every time.
  status: z.union([z.literal(''), z.enum(settableConsentStatuses)]).refine((s) => s !== '', 'Choose what the customer said'),
  method: z.enum(staffMethods),
  wording: setConsentInput.shape.wording,
});
type Values = z.input<typeof schema>;

/** Records a customer's yes or no for email or SMS, with how it was asked and the words used. */
export function RecordConsentDialog({ customer, opened, onClose }: { customer: Customer; opened: boolean; onClose(): void }) {
  const set = useApiMutation('consent.set');
  const initial = (): Values => {
    const channel = customer.email || !customer.phoneE164 ? 'email' : 'sms';
    return { channel, status: '', method: 'counter_verbal', wording: defaultWording(channel, null) };
  };
  const form = useForm<Values>({ resolver: zodResolver(schema), defaultValues: initial() });
  const { control, register, handleSubmit, formState, reset, setValue, getValues } = form;
  const channel = useWatch({ control, name: 'channel' });
  const status = useWatch({ control, name: 'status' });

  useEffect(() => {
    if (opened) reset(initial());
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only opening starts afresh; a refetched customer must not wipe what staff typed
  }, [opened]);

  // The suggested words follow the channel and the answer, until staff type their own.
  useEffect(() => {
    const wording = getValues('wording');
    const suggestions = consentChannels.flatMap((c) => [defaultWording(c, null), ...settableConsentStatuses.map((s) => defaultWording(c, s))]);
    if (suggestions.includes(wording)) setValue('wording', defaultWording(channel, status === '' ? null : status));
  }, [channel, status, getValues, setValue]);

  const contact = channel === 'email' ? customer.email : customer.phoneE164 ?? customer.phone;
  const current = channel === 'email' ? customer.emailConsent : customer.smsConsent;

  const submit = handleSubmit(async (v) => {
    if (v.status === '') return;
    try {
      await set.mutateAsync({ customerId: customer.id, channel: v.channel, status: v.status, method: v.method, wording: v.wording });
      notifyDone(`${channelLabels[v.channel]} consent recorded for ${customer.name}: ${statusLabels[v.status].toLowerCase()}`);
      onClose();
    } catch (error) {
      notifyError(error, 'Consent was not recorded');
    }
  });

  return (
    <Modal opened={opened} onClose={onClose} title="Record consent" size="lg">
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <Text size="sm">
            Ask {customer.name} in your own words, then record exactly what they were asked and what they said. Email and SMS are asked separately.
          </Text>
          <Controller
            control={control}
            name="channel"
            render={({ field }) => (
              <Stack gap={4}>
                <Text size="sm" fw={500} id="consent-channel-label">
                  Channel
                </Text>
                <SegmentedControl
                  aria-labelledby="consent-channel-label"
                  value={field.value}
                  onChange={field.onChange}
                  data={[
                    { value: 'email', label: 'Email' },
                    { value: 'sms', label: 'SMS' },
                  ]}
                  w="fit-content"
                />
                <Text size="sm" c="dimmed">
                  Now: {statusLabels[current].toLowerCase()}
                  {contact ? ` · ${contact}` : ''}
                </Text>
              </Stack>
            )}
          />
          {!contact ? (
            <Alert color="orange" title={channel === 'email' ? 'No email address on file' : 'No phone number on file'}>
              Their answer is kept, but nothing can be sent until you add {channel === 'email' ? 'an email address' : 'a phone number'} with Edit.
            </Alert>
          ) : null}
          <Controller
            control={control}
            name="status"
            render={({ field, fieldState }) => (
              <Radio.Group label="Their answer" withAsterisk value={field.value} onChange={field.onChange} error={fieldState.error?.message}>
                <Stack gap="xs" mt={6}>
                  <Radio value="subscribed" label={`Yes: they agree to offers by ${channel === 'email' ? 'email' : 'SMS'}`} />
                  <Radio value="unsubscribed" label="No, or stop: they do not want them" />
                </Stack>
              </Radio.Group>
            )}
          />
          <Controller
            control={control}
            name="method"
            render={({ field }) => (
              <Select
                label="How they were asked"
                data={staffMethods.map((m) => ({ value: m, label: methodLabels[m] }))}
                value={field.value}
                onChange={(v) => v && field.onChange(v)}
                allowDeselect={false}
                comboboxProps={{ withinPortal: true }}
              />
            )}
          />
          <Textarea
            label="Words they were shown or told"
            description="Kept as proof of what they agreed to. Edit it to match what was really said."
            withAsterisk
            autosize
            minRows={2}
            maxRows={5}
            {...register('wording')}
            error={formState.errors.wording?.message}
          />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={set.isPending}>
              Record consent
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
