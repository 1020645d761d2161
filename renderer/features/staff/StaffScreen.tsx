import { Alert, Badge, Button, Group, Paper, Stack, Table, Text, Title, Tooltip, VisuallyHidden } from '@mantine/core';
import { createColumnHelper, flexRender, getCoreRowModel, useReactTable } from '@tanstack/react-table';
import { useMemo, useState } from 'react';
import { staffRoles, type StaffMember } from '../../../shared/contract';
import { useApiQuery } from '../../api';
import { KeyIcon, PencilIcon, UserPlusIcon } from '../../components/icons';
import { SimpleTableHead, SkeletonRows } from '../../components/SimpleTable';
import { StatusBadge } from '../dashboard/StatusBadge';
import { useFormat, type Formatters } from '../settings/settings';
import { roleLabels } from '../auth/session';
import './staff.css';
import { AddMemberDialog, EditMemberDialog, SetPinDialog, roleHints } from './StaffDialogs';

const column = createColumnHelper<StaffMember>();

/** A lockout only matters while it lasts: an expired one reads as nothing. */
const lockedNow = (member: StaffMember, now: Date) => member.lockedUntil !== null && new Date(member.lockedUntil) > now;

function staffColumns(format: Formatters, actions: { edit(m: StaffMember): void; setPin(m: StaffMember): void }) {
  return [
    column.accessor('name', {
      header: 'Name',
      cell: (info) => (
        <Text fw={600} size="sm" c={info.row.original.active ? 'bright' : 'dimmed'} className="cell-truncate" title={info.getValue()}>
          {info.getValue()}
        </Text>
      ),
    }),
    column.accessor('role', {
      header: 'Role',
      meta: { width: 110 },
      cell: (info) => (
        <Badge variant={info.getValue() === 'owner' ? 'light' : 'outline'} color={info.getValue() === 'owner' ? undefined : 'gray'}>
          {roleLabels[info.getValue()]}
        </Badge>
      ),
    }),
    column.accessor('hasPin', {
      header: 'PIN',
      meta: { width: 110 },
      cell: (info) =>
        info.getValue() ? (
          <Text size="sm">Set</Text>
        ) : (
          <Tooltip label="Cannot sign in until a PIN is set">
            <StatusBadge tone="orange">Not set</StatusBadge>
          </Tooltip>
        ),
    }),
    column.accessor('active', {
      header: 'Status',
      meta: { width: 130 },
      cell: (info) =>
        info.getValue() ? (
          <StatusBadge tone="teal">Active</StatusBadge>
        ) : (
          <Tooltip label="Cannot sign in; their name stays on past records">
            <StatusBadge tone="gray">Left</StatusBadge>
          </Tooltip>
        ),
    }),
    column.accessor('lockedUntil', {
      header: 'Locked until',
      meta: { width: 200 },
      cell: (info) => {
        const until = info.getValue();
        return until && lockedNow(info.row.original, new Date()) ? (
          <Text size="sm" c="var(--owner-status-red)" title="Too many wrong PINs. Setting a new PIN lets them in now.">
            {format.dateTime(until)}
          </Text>
        ) : (
          <Text size="sm" c="dimmed" aria-label="Not locked">
            —
          </Text>
        );
      },
    }),
    column.display({
      id: 'actions',
      header: () => <VisuallyHidden>Actions</VisuallyHidden>,
      meta: { width: 230, align: 'right' },
      cell: (info) => {
        const member = info.row.original;
        return (
          <Group gap={6} justify="flex-end" wrap="nowrap">
            <Button size="xs" variant="default" leftSection={<PencilIcon size={14} />} onClick={() => actions.edit(member)} aria-label={`Edit ${member.name}`}>
              Edit
            </Button>
            <Button size="xs" variant="default" leftSection={<KeyIcon size={14} />} onClick={() => actions.setPin(member)} aria-label={`Set PIN for ${member.name}`}>
              Set PIN
            </Button>
          </Group>
        );
      },
    }),
  ];
}

/** Who can sign in, as what, and the owner's levers: add, edit, mark as left, set a PIN. */
export function StaffScreen() {
  const staff = useApiQuery('staff.list', {});
  const format = useFormat();
  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState<StaffMember | null>(null);
  const [settingPin, setSettingPin] = useState<StaffMember | null>(null);

  const columns = useMemo(() => staffColumns(format, { edit: setEditing, setPin: setSettingPin }), [format]);
  const table = useReactTable({ data: staff.data ?? [], columns, getCoreRowModel: getCoreRowModel(), getRowId: (m) => String(m.id) });

  return (
    <Stack gap="md" pb="xl">
      <div>
        <Title order={1} fz="h2">
          Staff
        </Title>
        <Text c="dimmed" size="sm">
          Who can sign in at the counter, and what they can do. Each person has their own PIN, so the audit log can say who did what.
        </Text>
      </div>

      <Paper withBorder radius="md" component="section" aria-labelledby="staff-title" style={{ overflow: 'hidden' }}>
        <Group justify="space-between" px="md" pt="md" pb="xs">
          <Title order={2} fz="lg" id="staff-title">
            Members
          </Title>
          <Button leftSection={<UserPlusIcon size={16} />} onClick={() => setAdding(true)}>
            Add member
          </Button>
        </Group>
        {staff.isError ? (
          <Alert color="red" m="md" title="Staff could not be loaded">
            {staff.error.message}
          </Alert>
        ) : (
          <Table layout="fixed" highlightOnHover verticalSpacing="xs" aria-labelledby="staff-title">
            <SimpleTableHead table={table} />
            <Table.Tbody>
              {!staff.data
                ? <SkeletonRows rows={3} columns={columns.length} />
                : table.getRowModel().rows.map((row) => (
                    <Table.Tr key={row.id} data-active={row.original.active || undefined}>
                      {row.getVisibleCells().map((cell) => (
                        <Table.Td key={cell.id} ta={cell.column.columnDef.meta?.align}>
                          {flexRender(cell.column.columnDef.cell, cell.getContext())}
                        </Table.Td>
                      ))}
                    </Table.Tr>
                  ))}
            </Table.Tbody>
          </Table>
        )}
        <Stack gap={4} px="md" py="sm" className="staff-roles">
          {staff.data && staff.data.length === 1 ? <Text size="sm">Only you so far. Add the people who work the counter so each signs in with their own PIN.</Text> : null}
          {staffRoles.map((role) => (
            <Text size="sm" c="dimmed" key={role}>
              <Text span fw={600} size="sm" c="var(--mantine-color-text)">
                {roleLabels[role]}:
              </Text>{' '}
              {roleHints[role]}
            </Text>
          ))}
        </Stack>
      </Paper>

      <AddMemberDialog opened={adding} onClose={() => setAdding(false)} />
      <EditMemberDialog member={editing} onClose={() => setEditing(null)} />
      <SetPinDialog member={settingPin} onClose={() => setSettingPin(null)} />
    </Stack>
  );
}
