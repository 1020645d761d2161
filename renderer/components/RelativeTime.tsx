import { useFormat } from '../features/settings/settings';

/** "3 days ago", with the exact date and time in the tooltip (title) and in a machine-readable attribute. */
export function RelativeTime({ iso, empty = '—' }: { iso: string | null | undefined; empty?: string }) {
  const format = useFormat();
  if (!iso) return <span aria-label="never">{empty}</span>;
  return (
    <time dateTime={iso} title={format.dateTime(iso)}>
      {format.relative(iso)}
    </time>
  );
}
