import { Box, Group, Text } from '@mantine/core';
import { StoreIcon } from './icons';

/** The app's name over the signed-out screens (sign-in, first run, a damaged book), where no shop name is known yet. */
export function AppName() {
  return (
    <Group gap="xs" justify="center" wrap="nowrap">
      <Box c="var(--mantine-primary-color-filled)" style={{ display: 'flex' }}>
        <StoreIcon size={26} />
      </Box>
      <Text fw={700} fz="xl">
        Regulars
      </Text>
    </Group>
  );
}
