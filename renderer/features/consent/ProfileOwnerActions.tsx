import { ActionIcon, Alert, Button, Group, List, Menu, Modal, Stack, Text, TextInput, Tooltip } from '@mantine/core';
import { useState } from 'react';
import type { Customer } from '../../../shared/contract';
import { call, useApiMutation } from '../../api';
import { navigate } from '../../app/router';
import { notifyDone, notifyError } from '../../components/notify';
import { DotsIcon, DownloadIcon, ShieldIcon, TrashIcon } from '../../components/icons';
import { fileDate, saveText } from '../exports/download';
import { useSettings } from '../settings/settings';
import { ConsentBadge } from './ConsentPanel';
import { RecordConsentDialog } from './RecordConsentDialog';

/** Under the profile's name: where email and SMS consent stand, with Record consent beside them. */
export function ConsentSummary({ customer }: { customer: Customer }) {
  const [recording, setRecording] = useState(false);
  return (
    <Group gap={6} role="group" aria-label="Consent">
      <ConsentBadge channel="email" status={customer.emailConsent} />
      <ConsentBadge channel="sms" status={customer.smsConsent} />
      {customer.erasedAt || customer.mergedInto != null ? null : (
        <>
          <Button size="compact-sm" variant="subtle" leftSection={<ShieldIcon size={14} />} onClick={() => setRecording(true)}>
            Record consent
          </Button>
          <RecordConsentDialog customer={customer} opened={recording} onClose={() => setRecording(false)} />
        </>
      )}
    </Group>
  );
}

/** On the profile's header: a menu with the data requests (download their data, erase). */
export function ProfileOwnerActions({ customer }: { customer: Customer }) {
  const settings = useSettings();
  const [erasing, setErasing] = useState(false);
  if (customer.erasedAt) return null;

  const download = async () => {
    try {
      const data = await call('exports.customer', { id: customer.id });
      const name = `customer-${customer.id}-data-${fileDate(settings.timeZone)}.json`;
      saveText(name, JSON.stringify(data, null, 2), 'application/json');
      notifyDone(`${customer.name}'s data saved as ${name}`);
    } catch (error) {
      notifyError(error, 'Their data could not be exported');
    }
  };

  return (
    <>
      <Menu position="bottom-end" withinPortal>
        <Menu.Target>
          <Tooltip label="More: data requests">
            <ActionIcon variant="default" size="input-sm" aria-label={`More actions for ${customer.name}`}>
              <DotsIcon size={18} />
            </ActionIcon>
          </Tooltip>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Label>Data requests</Menu.Label>
          <Menu.Item leftSection={<DownloadIcon size={16} />} onClick={download}>
            Download their data
          </Menu.Item>
          <Menu.Divider />
          <Menu.Item color="red" leftSection={<TrashIcon size={16} />} onClick={() => setErasing(true)}>
            Erase customer…
          </Menu.Item>
        </Menu.Dropdown>
      </Menu>
      <EraseDialog customer={customer} opened={erasing} onClose={() => setErasing(false)} />
    </>
  );
}

/** Erasure: irreversible, so the owner types the customer's name to confirm. */
function EraseDialog({ customer, opened, onClose }: { customer: Customer; opened: boolean; onClose(): void }) {
  const [typed, setTyped] = useState('');
  const erase = useApiMutation('customers.erase');
  const matches = typed.trim().toLowerCase() === customer.name.trim().toLowerCase();
  const close = () => {
    setTyped('');
    onClose();
  };
  const confirm = async () => {
    if (!matches) return;
    try {
      await erase.mutateAsync({ id: customer.id, confirm: true });
      notifyDone(`${customer.name}'s personal data was erased. Their sales stay, anonymised.`);
      close();
      navigate({ name: 'directory' });
    } catch (error) {
      notifyError(error, 'The customer was not erased');
    }
  };
  return (
    <Modal opened={opened} onClose={close} title={`Erase ${customer.name}?`}>
      <Stack gap="md">
        <Alert color="red" title="This cannot be undone">
          Use this when a customer asks you to delete their data.
        </Alert>
        <List size="sm" spacing={4}>
          <List.Item>Their name becomes “Erased customer”; phone, email, address, birthday, notes and preferences are removed.</List.Item>
          <List.Item>They leave every list, segment and export.</List.Item>
          <List.Item>Their sales stay, anonymised, so your revenue figures stay true.</List.Item>
          <List.Item>Their email and phone go on the suppression list, so no import brings them back.</List.Item>
        </List>
        <Text size="sm">Consider “Download their data” first if they also asked for a copy.</Text>
        <TextInput
          label={`Type ${customer.name} to confirm`}
          value={typed}
          onChange={(event) => setTyped(event.currentTarget.value)}
          autoComplete="off"
          data-autofocus
        />
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={close}>
            Cancel
          </Button>
          <Button color="red" onClick={confirm} disabled={!matches} loading={erase.isPending}>
            Erase for good
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
