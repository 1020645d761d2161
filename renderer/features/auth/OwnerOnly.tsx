import { Alert, Anchor, Stack, Text, Title } from '@mantine/core';
import { hrefOf } from '../../app/router';
import { ShieldIcon } from '../../components/icons';

/** What a member of staff sees on an owner's page reached by its address (the navigation does not offer it). */
export function OwnerOnly() {
  return (
    <Stack gap="md" maw={640}>
      <Title order={1} fz="h2">
        Owner only
      </Title>
      <Alert color="gray" icon={<ShieldIcon size={18} />} title="Only the owner can open this page">
        <Text size="sm">
          Ask the owner to sign in for this, or go back to <Anchor href={hrefOf({ name: 'directory' })}>Customers</Anchor>.
        </Text>
      </Alert>
    </Stack>
  );
}
