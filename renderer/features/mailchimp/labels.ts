import type { MailchimpCounts, MailchimpProgress, MailchimpRunOutcome } from '../../../shared/contract';
import type { StatusTone } from '../dashboard/StatusBadge';

type Count = (n: number) => string;

export const outcomeLabels: Record<MailchimpRunOutcome, string> = { running: 'Running', done: 'Done', cancelled: 'Cancelled', failed: 'Failed' };
export const outcomeTones: Record<MailchimpRunOutcome, StatusTone> = { running: 'indigo', done: 'teal', cancelled: 'gray', failed: 'red' };

/** What a run under way is doing, in words: the push counts members, the pull and the erasures have no count worth reading. */
export function phaseText(progress: MailchimpProgress, count: Count): string {
  if (progress.cancelling) return 'Stopping after the members already on their way';
  switch (progress.phase) {
    case 'pull':
      return 'Bringing home unsubscribes';
    case 'delete':
      return 'Sending erasures';
    case 'push':
      return `Sending ${count(progress.done)} of ${count(progress.total)} members`;
    case 'done':
      return 'Finishing';
  }
}

/** The bar's value in percent; a phase whose total is not known yet shows empty rather than full. */
export const percentDone = (progress: MailchimpProgress): number => (progress.total > 0 ? Math.min(100, Math.round((progress.done / progress.total) * 100)) : 0);

/** "412 to add, 37 to update, 9 unsubscribed in Mailchimp since the last sync, 3 left out": the preview's one sentence. */
export function previewSentence(counts: MailchimpCounts, count: Count): string {
  const parts = [`${count(counts.added)} to add`, `${count(counts.updated)} to update`, `${count(counts.unsubscribedThere)} unsubscribed in Mailchimp since the last sync`];
  // Erasures are rare: named only when there are some, so the usual sentence stays short.
  if (counts.deleted > 0) parts.push(`${count(counts.deleted)} erased here to delete there`);
  parts.push(`${count(counts.leftOut)} left out`);
  return parts.join(', ');
}

/** "3 added, 1 updated, 1 unsubscribed in Mailchimp, 1 left out": what a run did, naming only what happened besides the first two. */
export function countsSentence(counts: MailchimpCounts, count: Count): string {
  const parts = [`${count(counts.added)} added`, `${count(counts.updated)} updated`];
  if (counts.unsubscribedThere > 0) parts.push(`${count(counts.unsubscribedThere)} unsubscribed in Mailchimp`);
  if (counts.deleted > 0) parts.push(`${count(counts.deleted)} deleted there`);
  if (counts.leftOut > 0) parts.push(`${count(counts.leftOut)} left out`);
  if (counts.failed > 0) parts.push(`${count(counts.failed)} not taken by Mailchimp`);
  return parts.join(', ');
}
