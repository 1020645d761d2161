import { zodResolver } from '@hookform/resolvers/zod';
import { Alert, Button, Checkbox, Group, Loader, Modal, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { z } from 'zod';
import type { SharedBookStatus } from '../../../shared/contract';
import { isApiError, useApiMutation, useApiQuery } from '../../api';
import { notifyDone, notifyError } from '../../components/notify';
import { useSession } from '../auth/session';

const addressPattern = /^postgres(ql)?:\/\/[^\s]+$/i;

/** The address's password, when it carries one (userinfo or `password=`). */
function passwordIn(address: string): string {
  try {
    const url = new URL(address);
    return url.password || url.searchParams.get('password') || '';
  } catch {
    return '';
  }
}

/**
 * The address and its password are typed apart, so that the address can be read back while the
 * password stays masked; they are joined into one address only to be sent.
 */
const sharedBookFormSchema = z
  .object({
    address: z.string().trim().min(1, 'Enter the server’s address').regex(addressPattern, 'A shared book’s address starts with postgresql://, e.g. postgresql://regulars@server-pc/regulars'),
    password: z.string(),
    moveThisBook: z.boolean(),
  })
  .superRefine((values, ctx) => {
    if (values.password && addressPattern.test(values.address) && passwordIn(values.address)) {
      ctx.addIssue({ code: 'custom', path: ['password'], message: 'The address already holds a password: give it once, here or there' });
    }
  });

type SharedBookForm = z.infer<typeof sharedBookFormSchema>;

/** The one address sent to the host: the password put into the address's userinfo, escaped as an address needs. */
function joined({ address, password }: SharedBookForm): string {
  if (!password) return address;
  try {
    const url = new URL(address);
    url.password = password;
    return url.toString();
  } catch {
    return address;
  }
}

/** How the open book is named on screen: a hidden password as dots. */
const shownBook = (status: SharedBookStatus) => status.shown.replace(/:\*\*\*@/, ':•••@').replace(/(password=)\*\*\*/i, '$1•••');

/** Settings → Shared book (the owner's): which book this PC has open, connecting to a shared book, and going back to this PC's own. */
export function SharedBookPanel() {
  const status = useApiQuery('sharedBook.status', {});
  const session = useSession();
  const connect = useApiMutation('sharedBook.connect');
  const disconnect = useApiMutation('sharedBook.disconnect');
  const [general, setGeneral] = useState<string | null>(null);
  const [confirmingStop, setConfirmingStop] = useState(false);
  const [stopProblem, setStopProblem] = useState<string | null>(null);
  const form = useForm<SharedBookForm>({ resolver: zodResolver(sharedBookFormSchema), defaultValues: { address: '', password: '', moveThisBook: false }, mode: 'onTouched' });
  const { register, formState } = form;
  const errors = formState.errors;
  const book = status.data;
  const moveThisBook = form.watch('moveThisBook');

  const onConnect = form.handleSubmit(async (values) => {
    setGeneral(null);
    try {
      const done = await connect.mutateAsync({ url: joined(values), moveThisBook: values.moveThisBook });
      form.reset();
      // The shared book has its own staff, and the host has ended every session: back to sign-in.
      await session.refresh();
      notifyDone(
        done.moved
          ? `This PC’s book was moved into the shared book and checked: ${done.moved.customers} customers, ${done.moved.purchases} purchases. This PC’s own file is kept as it was.`
          : 'This PC now uses the shared book.',
        { title: 'Shared book connected: sign in again', autoClose: 10_000 },
      );
    } catch (error) {
      if (!isApiError(error)) return notifyError(error, 'The shared book was not connected');
      const onAddress = error.fields.url;
      if (onAddress) form.setError('address', { type: 'server', message: onAddress }, { shouldFocus: true });
      else setGeneral(error.message);
    }
  });

  const stopSharing = async () => {
    setStopProblem(null);
    try {
      await disconnect.mutateAsync({});
      setConfirmingStop(false);
      await session.refresh();
      notifyDone('This PC uses its own book again.', { title: 'Stopped sharing: sign in again', autoClose: 10_000 });
    } catch (error) {
      setStopProblem(error instanceof Error ? error.message : String(error));
    }
  };

  const shared = book?.engine === 'postgres';
  return (
    <Paper withBorder radius="md" p="lg" component="section" aria-labelledby="shared-book-title">
      <Stack gap="md">
        <div>
          <Title order={2} fz="lg" id="shared-book-title">
            Shared book
          </Title>
          <Text size="sm" c="dimmed">
            A shared book keeps the shop’s customers on a PostgreSQL server that every till and PC opens, so a sale at one is in the others’ book at once.
          </Text>
        </div>

        <Stack gap={4} data-testid="open-book">
          <Text size="sm" fw={600}>
            Open now
          </Text>
          {book ? (
            <Text size="sm" ff="monospace" style={{ wordBreak: 'break-all' }}>
              {shared ? `Shared book: ${shownBook(book)}` : `This PC’s own book (file ${book.shown})`}
            </Text>
          ) : status.isError ? (
            <Text size="sm" c="red">
              {status.error.message}
            </Text>
          ) : (
            <Loader size="xs" aria-label="Loading" />
          )}
          {book && !shared && book.stored ? (
            <Text size="sm" c="dimmed">
              This PC keeps a shared book’s address and tries it first at every start; stop sharing to forget it.
            </Text>
          ) : null}
        </Stack>

        <form onSubmit={onConnect} noValidate aria-label="Connect to a shared book">
          <Stack gap="sm">
            <TextInput
              label="Server address"
              description="From whoever set up the server, e.g. postgresql://regulars@server-pc/regulars (add ?sslmode=require across a network you do not own)."
              placeholder="postgresql://regulars@server-pc/regulars"
              autoComplete="off"
              spellCheck={false}
              {...register('address')}
              error={errors.address?.message}
            />
            <PasswordInput label="Password" description="The server’s password for that user, if it asks for one." autoComplete="off" {...register('password')} error={errors.password?.message} maw={420} />
            <Checkbox
              label="Move this PC’s book into it (the database must be empty)"
              description={
                shared
                  ? 'Only a book file can be moved: this PC has a shared book open.'
                  : 'Copies every customer, sale, note and the audit log, checks the copy, and keeps this PC’s file as it is. Leave it unticked to join a book another PC has already moved there.'
              }
              disabled={shared}
              {...register('moveThisBook')}
            />
            {general ? (
              <Alert color="red" role="alert" title="The shared book was not connected">
                {general}
              </Alert>
            ) : null}
            <Group justify="space-between" gap="sm" wrap="nowrap">
              <Text size="sm" c="dimmed" aria-live="polite">
                {connect.isPending ? (moveThisBook ? 'Moving this PC’s book and checking the copy…' : 'Connecting…') : ' '}
              </Text>
              <Button type="submit" loading={connect.isPending} style={{ flexShrink: 0 }}>
                Connect
              </Button>
            </Group>
          </Stack>
        </form>

        {book && (shared || book.stored) ? (
          <Group justify="flex-end">
            <Button variant="default" color="red" onClick={() => setConfirmingStop(true)}>
              Stop sharing: use this PC’s own book
            </Button>
          </Group>
        ) : null}
      </Stack>

      <Modal opened={confirmingStop} onClose={disconnect.isPending ? () => undefined : () => setConfirmingStop(false)} title="Stop sharing?" closeOnClickOutside={!disconnect.isPending}>
        <Stack gap="md">
          <Text size="sm">
            This PC goes back to its own book{book ? ` (file ${book.localFile})` : ''}, as it was when it last used it: what was recorded in the shared book since is not in it. The
            shared book stays on the server for the other tills, and this PC forgets its address. Everyone, you included, signs in again.
          </Text>
          {stopProblem ? (
            <Alert color="red" role="alert" title="Still sharing">
              {stopProblem}
            </Alert>
          ) : null}
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={() => setConfirmingStop(false)} disabled={disconnect.isPending}>
              Cancel
            </Button>
            <Button color="red" onClick={stopSharing} loading={disconnect.isPending}>
              Stop sharing
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Paper>
  );
}
