import { Alert, Skeleton, Stack, Text, Timeline } from '@mantine/core';
import type { Customer, TimelineEvent } from '../../../shared/contract';
import { isOutOfReach, useApiQuery } from '../../api';
import { OutOfReachNotice } from '../outbox/OutOfReachNotice';
import { RelativeTime } from '../../components/RelativeTime';
import { useFormat, type Formatters } from '../settings/settings';

const fieldNames: Record<string, string> = {
  firstName: 'first name',
  lastName: 'last name',
  phone: 'phone',
  email: 'email',
  address: 'address',
  birthday: 'birthday',
  type: 'type',
  tags: 'tags',
  source: 'source',
  'preferences.channel': 'preferred channel',
  'preferences.bestTime': 'best time to reach',
  'preferences.doNotContact': 'do not contact',
  'preferences.favoriteProducts': 'favourite products',
  'preferences.paymentMethod': 'preferred payment',
  'preferences.offersOptIn': 'offers',
  'preferences.loyaltyOptIn': 'loyalty scheme',
};

const noteKinds: Record<string, string> = { personal: 'Personal', preference: 'Preference', issue: 'Issue', feedback: 'Feedback' };

function describe(event: TimelineEvent, format: Formatters): { title: string; detail?: string } {
  const amount = typeof event.data.amount === 'number' ? format.money(event.data.amount) : null;
  switch (event.kind) {
    case 'created':
      return { title: 'Added as a customer' };
    case 'updated': {
      const raw = Array.isArray(event.data.fields) ? event.data.fields.map(String) : [];
      const fields = raw.map((f) => fieldNames[f] ?? f.replace(/^preferences\./, ''));
      const preferencesOnly = raw.length > 0 && raw.every((f) => f.startsWith('preferences.'));
      return {
        title: preferencesOnly ? 'Preferences changed' : 'Details changed',
        detail: fields.length ? `Changed: ${fields.join(', ')}` : undefined,
      };
    }
    case 'note_added': {
      const kind = typeof event.data.type === 'string' ? noteKinds[event.data.type] : undefined;
      return { title: kind ? `${kind} note added` : 'Note added' };
    }
    case 'sale_recorded':
      return { title: amount ? `Sale of ${amount} recorded` : 'Sale recorded' };
    case 'sale_voided':
      return {
        title: amount ? `Sale of ${amount} voided` : 'Sale voided',
        detail: typeof event.data.reason === 'string' ? `Reason: ${event.data.reason}` : undefined,
      };
    case 'archived':
      return { title: 'Archived' };
    case 'restored':
      return { title: 'Restored' };
    case 'merged': {
      if (typeof event.data.into === 'number') return { title: `Merged into customer #${event.data.into}` };
      const name = typeof event.data.otherName === 'string' ? event.data.otherName : 'another customer';
      const id = typeof event.data.otherId === 'number' ? ` (#${event.data.otherId})` : '';
      return { title: `Merged with ${name}${id}`, detail: 'Their purchases, notes and history now belong here.' };
    }
    default:
      return { title: String(event.kind) };
  }
}

export function CustomerTimeline({ customer }: { customer: Customer }) {
  const format = useFormat();
  const events = useApiQuery('customers.timeline', { id: customer.id });
  if (events.isError && isOutOfReach(events.error)) return <OutOfReachNotice what="The timeline" />;
  if (events.isError) return <Alert color="red" title="The timeline could not be loaded">{events.error.message}</Alert>;
  if (!events.data) {
    return (
      <Stack gap="sm">
        {Array.from({ length: 4 }, (_, i) => (
          <Skeleton key={i} height={40} />
        ))}
      </Stack>
    );
  }
  return (
    <Timeline bulletSize={14} lineWidth={2} aria-label="Timeline" active={events.data.length}>
      {events.data.map((event) => {
        const { title, detail } = describe(event, format);
        return (
          <Timeline.Item key={event.id} title={<Text fw={600}>{title}</Text>}>
            {detail ? <Text size="sm">{detail}</Text> : null}
            <Text size="sm" c="dimmed">
              <RelativeTime iso={event.at} />
              {event.actor ? ` · by ${event.actor.name}` : ''}
            </Text>
          </Timeline.Item>
        );
      })}
    </Timeline>
  );
}
