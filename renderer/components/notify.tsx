import { notifications } from '@mantine/notifications';
import type { ReactNode } from 'react';
import { isApiError } from '../api';

/** The toast's close button has no text of its own: screen readers need its name. */
const dismissLabel = { 'aria-label': 'Dismiss notification' };

/** Every write confirms with a short toast that names what happened. */
export function notifyDone(message: ReactNode, options: { title?: string; autoClose?: number; id?: string } = {}): string {
  return notifications.show({ id: options.id, message, title: options.title, color: 'teal', autoClose: options.autoClose ?? 4000, withBorder: true, closeButtonProps: dismissLabel });
}

export const hideNotification = (id: string) => notifications.hide(id);

/** Errors say what went wrong and, where the core says so, what to do next. */
export function notifyError(error: unknown, title = 'That did not work') {
  const message = isApiError(error) || error instanceof Error ? error.message : String(error);
  notifications.show({ title, message, color: 'red', autoClose: 8000, withBorder: true, closeButtonProps: dismissLabel });
}
