import { Badge, Button, Group, Menu, Text, VisuallyHidden } from '@mantine/core';
import { notifyError } from '../../components/notify';
import { ChevronDownIcon, LockIcon, SwitchUserIcon } from '../../components/icons';
import { roleLabels, useSession, useSignedIn } from './session';

/** The top bar's "who is at the counter": name and role, with Lock and Switch user. */
export function SignedInMenu() {
  const member = useSignedIn();
  const session = useSession();
  const run = (action: () => Promise<void>) => () => action().catch((error: unknown) => notifyError(error, 'Could not sign out'));
  return (
    // No focus placeholder: Mantine's is a focusable role="presentation" div that axe rejects inside role="menu".
    <Menu position="bottom-end" withinPortal withInitialFocusPlaceholder={false}>
      <Menu.Target>
        <Button variant="subtle" color="gray" rightSection={<ChevronDownIcon size={16} />} px="xs" maw={240}>
          <Group gap={8} wrap="nowrap" miw={0}>
            <VisuallyHidden>Signed in as</VisuallyHidden>
            <Text span fw={600} size="sm" c="bright" truncate="end" title={member.name}>
              {member.name}
            </Text>
            <Badge size="sm" variant={member.role === 'owner' ? 'light' : 'outline'} color={member.role === 'owner' ? undefined : 'gray'} style={{ flexShrink: 0 }}>
              {roleLabels[member.role]}
            </Badge>
          </Group>
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Item leftSection={<LockIcon size={16} />} onClick={run(session.lock)}>
          Lock
        </Menu.Item>
        <Menu.Item leftSection={<SwitchUserIcon size={16} />} onClick={run(session.switchUser)}>
          Switch user
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
