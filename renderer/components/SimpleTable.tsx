import { Skeleton, Table } from '@mantine/core';
import { flexRender, type Table as TanstackTable } from '@tanstack/react-table';

/** Column widths and header cells of a plain (unsorted, unvirtualised) table, from its column meta. */
export function SimpleTableHead<T>({ table }: { table: TanstackTable<T> }) {
  return (
    <>
      <colgroup>
        {table.getVisibleLeafColumns().map((c) => (
          <col key={c.id} style={{ width: c.columnDef.meta?.width }} />
        ))}
      </colgroup>
      <Table.Thead>
        {table.getHeaderGroups().map((group) => (
          <Table.Tr key={group.id}>
            {group.headers.map((header) => (
              <Table.Th key={header.id} ta={header.column.columnDef.meta?.align}>
                {flexRender(header.column.columnDef.header, header.getContext())}
              </Table.Th>
            ))}
          </Table.Tr>
        ))}
      </Table.Thead>
    </>
  );
}

/** Placeholder rows while the first page loads, so the table keeps its shape instead of jumping. */
export function SkeletonRows({ rows, columns }: { rows: number; columns: number }) {
  return Array.from({ length: rows }, (_, i) => (
    <Table.Tr key={i}>
      <Table.Td colSpan={columns}>
        <Skeleton height={20} />
      </Table.Td>
    </Table.Tr>
  ));
}
