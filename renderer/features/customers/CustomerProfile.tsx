import { Alert, Anchor, Badge, Button, Group, Modal, Paper, SimpleGrid, Skeleton, Stack, Tabs, Text, Title, Tooltip } from '@mantine/core';
import { useState } from 'react';
import type { Customer, History } from '../../../shared/contract';
import { isOutOfReach, useApiMutation, useApiQuery } from '../../api';
import { useDialogs } from '../../app/dialogs';
import { navigate } from '../../app/router';
import { CopyValue } from '../../components/CopyValue';
import { ArrowLeftIcon, ReceiptIcon } from '../../components/icons';
import { MetricCard } from '../../components/MetricCard';
import { notifyDone, notifyError } from '../../components/notify';
import { useIsOwner } from '../auth/session';
import { ConsentPanel } from '../consent/ConsentPanel';
import { ConsentSummary, ProfileOwnerActions } from '../consent/ProfileOwnerActions';
import { CardButton } from '../cards/CardDialog';
import { CustomerAlerts } from '../notes/CustomerAlerts';
import { NotesPanel } from '../notes/NotesPanel';
import { OutOfReachNotice } from '../outbox/OutOfReachNotice';
import { PreferencesPanel } from '../preferences/PreferencesPanel';
import { SalesHistory } from '../sales/SalesHistory';
import { LoyaltyPanel } from '../loyalty/LoyaltyPanel';
import { useFormat, useSettings } from '../settings/settings';
import { CustomerTimeline } from './CustomerTimeline';
import { EditCustomerDialog } from './EditCustomerDialog';
import { tierHints, tierLabels, typeLabels } from './labels';

const back = () => navigate({ name: 'directory' });

function BackButton() {
  return (
    <Button variant="subtle" leftSection={<ArrowLeftIcon size={16} />} onClick={back} w="fit-content" px="xs">
      Back to customers
    </Button>
  );
}

export function CustomerProfile({ id }: { id: number }) {
  const settings = useSettings();
  const format = useFormat();
  const detail = useApiQuery('customers.get', { id });
  const sales = useApiQuery('sales.list', { customerId: id });
  const saleCount = sales.data?.length;
  const [tab, setTab] = useState<string | null>('history');
  const [noteFocus, setNoteFocus] = useState(0);

  // Out of reach after it was read: the profile stays, said to be as last read, so a sale or note can still be kept for them.
  const outOfReach = detail.isError && isOutOfReach(detail.error);
  if (outOfReach && !detail.data) {
    return (
      <Stack gap="md">
        <BackButton />
        <OutOfReachNotice what="This profile" />
      </Stack>
    );
  }
  if (detail.isError && !outOfReach) {
    return (
      <Stack gap="md">
        <BackButton />
        <Alert color={detail.error.code === 'not_found' ? 'gray' : 'red'} title={detail.error.code === 'not_found' ? 'No such customer' : 'This customer could not be loaded'}>
          {detail.error.message}
        </Alert>
      </Stack>
    );
  }
  if (!detail.data) {
    return (
      <Stack gap="md" aria-busy="true" aria-label="Loading customer">
        <BackButton />
        <Skeleton height={36} width={280} />
        <Skeleton height={20} width={420} />
        <SimpleGrid cols={5} spacing="sm">
          {Array.from({ length: 10 }, (_, i) => (
            <Skeleton key={i} height={84} />
          ))}
        </SimpleGrid>
        <Skeleton height={240} />
      </Stack>
    );
  }

  const customer = detail.data;
  return (
    <Stack gap="md">
      <BackButton />
      {outOfReach ? <OutOfReachNotice what="This profile">; it shows what it held when last read.</OutOfReachNotice> : null}
      <ProfileHeader
        customer={customer}
        onAddNote={() => {
          setTab('notes');
          setNoteFocus((n) => n + 1);
        }}
      />
      {customer.erasedAt || customer.mergedInto != null ? null : <CustomerAlerts customer={customer} clearable />}
      <Metrics history={customer.history} />
      <Tabs value={tab} onChange={setTab} keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="history" rightSection={saleCount ? <Badge size="sm" variant="light" color="gray" circle={saleCount < 10}>{saleCount}</Badge> : null}>
            Purchase history
          </Tabs.Tab>
          <Tabs.Tab value="notes">Notes</Tabs.Tab>
          {settings.loyalty || customer.loyaltyPoints > 0 ? (
            <Tabs.Tab value="points" rightSection={<Badge size="sm" variant="light" color="gray">{format.count(customer.loyaltyPoints)}</Badge>}>
              Points
            </Tabs.Tab>
          ) : null}
          <Tabs.Tab value="preferences">Preferences</Tabs.Tab>
          <Tabs.Tab value="consent">Consent</Tabs.Tab>
          <Tabs.Tab value="timeline">Timeline</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="history" pt="md">
          <SalesHistory customer={customer} />
        </Tabs.Panel>
        <Tabs.Panel value="notes" pt="md">
          <NotesPanel customer={customer} focusSignal={noteFocus} />
        </Tabs.Panel>
        <Tabs.Panel value="points" pt="md">
          <LoyaltyPanel customer={customer} />
        </Tabs.Panel>
        <Tabs.Panel value="preferences" pt="md">
          <PreferencesPanel customer={customer} />
        </Tabs.Panel>
        <Tabs.Panel value="consent" pt="md">
          <ConsentPanel customer={customer} />
        </Tabs.Panel>
        <Tabs.Panel value="timeline" pt="md">
          <CustomerTimeline customer={customer} />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}

/** The customer a merged record went into, as a link to their profile. */
function MergedInto({ id }: { id: number }) {
  const survivor = useApiQuery('customers.get', { id });
  return (
    <Anchor component="button" type="button" fz="inherit" onClick={() => navigate({ name: 'customer', id })}>
      {survivor.data ? `${survivor.data.name} (customer ${id})` : `customer ${id}`}
    </Anchor>
  );
}

function ProfileHeader({ customer, onAddNote }: { customer: Customer; onAddNote(): void }) {
  const dialogs = useDialogs();
  const format = useFormat();
  const [editing, setEditing] = useState(false);
  const [confirming, setConfirming] = useState(false);
  // Archiving and the data requests (download, erase) are the owner's decisions.
  const isOwner = useIsOwner();
  const archived = customer.status === 'archived';
  // Merged and erased records are for good: the core refuses every change, so none is offered.
  const gone = customer.erasedAt != null || customer.mergedInto != null;
  const archive = useApiMutation('customers.archive');
  const restore = useApiMutation('customers.restore');
  const phone = format.phone(customer.phoneE164) || customer.phone;

  const changeStatus = async () => {
    try {
      if (archived) {
        await restore.mutateAsync({ id: customer.id });
        notifyDone(`${customer.name} restored to your customers`);
      } else {
        await archive.mutateAsync({ id: customer.id });
        notifyDone(`${customer.name} archived`);
      }
      setConfirming(false);
    } catch (error) {
      notifyError(error, archived ? 'Could not restore' : 'Could not archive');
    }
  };

  const details: { label: string; node: React.ReactNode }[] = [];
  if (phone) details.push({ label: 'Phone', node: <CopyValue label="Phone" value={customer.phoneE164 ?? phone}>{phone}</CopyValue> });
  if (customer.email) details.push({ label: 'Email', node: <CopyValue label="Email" value={customer.email} /> });
  if (customer.address) details.push({ label: 'Address', node: <Text span>{customer.address}</Text> });
  if (customer.birthday) details.push({ label: 'Birthday', node: <Text span>{customer.birthday}</Text> });
  if (customer.source) details.push({ label: 'Source', node: <Text span>{customer.source}</Text> });
  if (customer.cardCode) details.push({ label: 'Card', node: <Text span ff="monospace">{customer.cardCode}</Text> });
  details.push({
    label: 'Customer since',
    node: (
      <Text span title={format.dateTime(customer.createdAt)}>
        {format.date(customer.createdAt)}
      </Text>
    ),
  });

  return (
    <Paper withBorder radius="md" p="md" component="section" aria-label="Customer details">
      <Group justify="space-between" align="flex-start" wrap="wrap" gap="md">
        <Stack gap="xs" miw={0} style={{ flex: 1 }}>
          <Group gap="sm" wrap="wrap">
            <Title order={1} fz="h2" c="bright" style={{ overflowWrap: 'anywhere' }}>
              {customer.name}
            </Title>
            <Badge color="gray" aria-label={`Type: ${typeLabels[customer.type]}`}>
              {typeLabels[customer.type]}
            </Badge>
            <Tooltip label={tierHints[customer.frequency]}>
              <Badge variant={customer.frequency === 'inactive' ? 'outline' : 'light'} color={customer.frequency === 'inactive' ? 'gray' : undefined} aria-label={`Tier: ${tierLabels[customer.frequency]}`}>
                {tierLabels[customer.frequency]}
              </Badge>
            </Tooltip>
            {archived && !gone ? (
              <Badge color="red" variant="filled">
                Archived
              </Badge>
            ) : null}
          </Group>
          <Group gap="lg" wrap="wrap" component="dl" m={0}>
            {details.map((d) => (
              <div key={d.label}>
                <Text component="dt" size="sm" c="dimmed">
                  {d.label}
                </Text>
                <Text component="dd" m={0} size="sm">
                  {d.node}
                </Text>
              </div>
            ))}
          </Group>
          {customer.erasedAt ? (
            <Alert color="gray" title={`Erased on ${format.date(customer.erasedAt)}`}>
              Their personal details were erased on request. Their sales stay, anonymised, so revenue stays true; this record can't be changed.
            </Alert>
          ) : customer.mergedInto != null ? (
            <Alert color="gray" title="Merged into another customer">
              This record was merged as a duplicate; its sales and notes are now with <MergedInto id={customer.mergedInto} />. It can't be changed.
            </Alert>
          ) : null}
          <ConsentSummary customer={customer} />
          {customer.tags.length > 0 ? (
            <Group gap={6} aria-label="Tags">
              {customer.tags.map((t) => (
                <Badge key={t} variant="dot" color="gray">
                  {t}
                </Badge>
              ))}
            </Group>
          ) : null}
        </Stack>
        {gone ? null : <Group gap="sm">
          <Tooltip label={archived ? (isOwner ? 'Restore this customer to record a sale' : 'Archived: the owner can restore them to record a sale') : 'Record a sale for this customer'}>
            <Button
              leftSection={<ReceiptIcon size={16} />}
              onClick={() => dialogs.openQuickSale(customer)}
              disabled={archived}
              aria-label={`New sale for ${customer.name}`}
            >
              New sale
            </Button>
          </Tooltip>
          <Button variant="default" onClick={onAddNote}>
            Add note
          </Button>
          <CardButton customer={customer} />
          <Button variant="default" onClick={() => setEditing(true)}>
            Edit
          </Button>
          {isOwner ? (
            <>
              <ProfileOwnerActions customer={customer} />
              <Button variant="default" color={archived ? undefined : 'red'} onClick={() => setConfirming(true)}>
                {archived ? 'Restore' : 'Archive'}
              </Button>
            </>
          ) : null}
        </Group>}
      </Group>

      <EditCustomerDialog customer={customer} opened={editing} onClose={() => setEditing(false)} />

      <Modal opened={confirming} onClose={() => setConfirming(false)} title={archived ? `Restore ${customer.name}?` : `Archive ${customer.name}?`}>
        <Stack gap="md">
          <Text size="sm">
            {archived
              ? 'They come back to the directory and search, and sales can be recorded for them again.'
              : 'They leave the directory and quick-sale search. Their purchases, notes and timeline are kept, and you can restore them from the Archived list.'}
          </Text>
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={() => setConfirming(false)}>
              Cancel
            </Button>
            <Button color={archived ? undefined : 'red'} loading={archive.isPending || restore.isPending} onClick={changeStatus} data-autofocus>
              {archived ? 'Restore customer' : 'Archive customer'}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Paper>
  );
}

function Metrics({ history }: { history: History }) {
  const format = useFormat();
  const days = history.daysSinceLastPurchase;
  const date = (iso: string | null) => (iso ? format.date(iso) : 'None yet');
  const exact = (iso: string | null) => (iso ? `${format.dateTime(iso)} (${format.relative(iso)})` : undefined);
  const imported = history.importedPurchases > 0 || history.importedSpent > 0;
  return (
    <Stack gap={6}>
      <SimpleGrid cols={{ base: 2, sm: 3, lg: 5 }} spacing="sm" verticalSpacing="sm" aria-label="Customer metrics" component="section">
        <MetricCard label="Purchases">{format.count(history.purchases)}</MetricCard>
        <MetricCard label="Total spent">{format.money(history.totalSpent)}</MetricCard>
        <MetricCard label="Average sale">{history.purchases > 0 ? format.money(history.averageSale) : '—'}</MetricCard>
        <MetricCard label="Lifetime value">{format.money(history.lifetimeValue)}</MetricCard>
        <MetricCard label="Items bought">{format.count(history.itemsBought)}</MetricCard>
        <MetricCard label="First purchase" title={exact(history.firstPurchaseAt)}>
          {date(history.firstPurchaseAt)}
        </MetricCard>
        <MetricCard label="Last purchase" title={exact(history.lastPurchaseAt)}>
          {date(history.lastPurchaseAt)}
        </MetricCard>
        <MetricCard label="Days since last purchase">{days === null ? '—' : format.count(days)}</MetricCard>
        <MetricCard label="Repeat customer" title={history.isRepeat ? 'Bought more than once' : 'Not yet back for a second purchase'}>
          {history.isRepeat ? 'Yes' : 'No'}
        </MetricCard>
        <MetricCard label="Tier" title={tierHints[history.frequency]}>
          {tierLabels[history.frequency]}
        </MetricCard>
      </SimpleGrid>
      {imported ? (
        <Text size="sm" c="dimmed" data-testid="imported-history">
          Includes an imported history from before Regulars: {format.count(history.importedPurchases)} {history.importedPurchases === 1 ? 'purchase' : 'purchases'},{' '}
          {format.money(history.importedSpent)} (no dates, so not in first or last purchase).
        </Text>
      ) : null}
    </Stack>
  );
}
