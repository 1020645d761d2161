import { Alert, Badge, Button, Chip, Group, Input, Modal, Paper, Skeleton, Stack, Switch, Text, Textarea } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import { isQueued, noteTypes, type Customer, type Note, type NoteType } from '../../../shared/contract';
import { isApiError, isOutOfReach, useApiMutation, useApiQuery } from '../../api';
import { notifyDone, notifyError } from '../../components/notify';
import { RelativeTime } from '../../components/RelativeTime';
import { useSignedIn } from '../auth/session';
import { noteTypeLabels } from '../customers/labels';
import { KEPT_HERE } from '../outbox/outbox';
import { OutOfReachNotice } from '../outbox/OutOfReachNotice';

const noteColors: Record<NoteType, string | undefined> = { personal: undefined, preference: 'teal', issue: 'orange', feedback: 'grape' };

/** The four note types as chips: one click (or arrows) picks the type. */
function NoteTypeChips({ value, onChange }: { value: NoteType; onChange(type: NoteType): void }) {
  return (
    <Input.Wrapper label="Note type" labelElement="div">
      <Group gap="xs" mt={4} role="radiogroup" aria-label="Note type">
        <Chip.Group multiple={false} value={value} onChange={(v) => onChange(v as NoteType)}>
          {noteTypes.map((t) => (
            <Chip key={t} value={t} type="radio" color={noteColors[t]} variant="light">
              {noteTypeLabels[t]}
            </Chip>
          ))}
        </Chip.Group>
      </Group>
    </Input.Wrapper>
  );
}

/** Notes about a customer: add one at the top, the newest first below. `focusSignal` changes when "Add note" is pressed. */
export function NotesPanel({ customer, focusSignal }: { customer: Customer; focusSignal: number }) {
  const notes = useApiQuery('notes.list', { customerId: customer.id });
  const add = useApiMutation('notes.add');
  const [type, setType] = useState<NoteType>('personal');
  const [text, setText] = useState('');
  const [alert, setAlert] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const textRef = useRef<HTMLTextAreaElement>(null);

  useEffect(() => {
    if (focusSignal > 0) textRef.current?.focus();
  }, [focusSignal]);

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    if (text.trim() === '') return setError('A note needs some text');
    try {
      const added = await add.mutateAsync({ customerId: customer.id, type, text, alert });
      // Kept at this till while the shared book is out of reach: it shows in the list once the book has it.
      if (isQueued(added)) notifyDone(KEPT_HERE, { title: `${noteTypeLabels[type]} note for ${customer.name}`, autoClose: 8000 });
      else notifyDone(`${noteTypeLabels[type]} note added for ${customer.name}`);
      setText('');
      setAlert(false);
      setError(null);
    } catch (e) {
      if (isApiError(e)) setError(e.fields.text ?? e.message);
      else notifyError(e, 'The note was not added');
    }
  };

  return (
    <Stack gap="md">
      <Paper withBorder radius="md" p="md" component="form" onSubmit={submit} noValidate aria-label="Add a note">
        <Stack gap="sm">
          <NoteTypeChips value={type} onChange={setType} />
          <Group align="flex-start" gap="sm" wrap="nowrap">
            <Textarea
              ref={textRef}
              label="Note"
              placeholder={`Something worth remembering about ${customer.firstName}`}
              autosize
              minRows={2}
              maxRows={6}
              style={{ flex: 1 }}
              value={text}
              onChange={(e) => {
                setText(e.currentTarget.value);
                setError(null);
              }}
              onKeyDown={(e) => {
                if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
                  e.preventDefault();
                  e.currentTarget.form?.requestSubmit();
                }
              }}
              error={error}
              description="Ctrl+Enter adds the note"
              inputWrapperOrder={['label', 'input', 'description', 'error']}
            />
          </Group>
          <Group justify="space-between">
            <Switch
              label="Show as an alert"
              description="At the top of the profile and in the quick sale, until cleared"
              checked={alert}
              onChange={(e) => setAlert(e.currentTarget.checked)}
            />
            <Button type="submit" loading={add.isPending}>
              Add note
            </Button>
          </Group>
        </Stack>
      </Paper>

      {notes.isError && isOutOfReach(notes.error) ? <OutOfReachNotice what="The list of notes" /> : null}
      {notes.isError && !isOutOfReach(notes.error) ? <Alert color="red" title="Notes could not be loaded">{notes.error.message}</Alert> : null}
      {!notes.data && !notes.isError ? <Skeleton height={72} /> : null}
      {notes.data && notes.data.length === 0 ? (
        <Text c="dimmed" size="sm">
          No notes yet. Preferences, sizes, what they asked about last time: anything that helps serve {customer.firstName} next time.
        </Text>
      ) : null}
      <Stack gap="sm" component="ul" p={0} m={0} style={{ listStyle: 'none' }} aria-label="Notes">
        {notes.data?.map((note) => <NoteItem key={note.id} note={note} customer={customer} />)}
      </Stack>
    </Stack>
  );
}

function NoteItem({ note, customer }: { note: Note; customer: Customer }) {
  const [editing, setEditing] = useState(false);
  const [type, setType] = useState<NoteType>(note.type);
  const [text, setText] = useState(note.text);
  const [error, setError] = useState<string | null>(null);
  const edit = useApiMutation('notes.edit');
  // Staff change only their own notes (the core refuses the rest); the owner any.
  const member = useSignedIn();
  const mayEdit = member.role === 'owner' || note.author?.id === member.id;
  // Deleting is the owner's alone (the core refuses staff): staff are not offered it.
  const mayDelete = member.role === 'owner';
  const [confirmingDelete, setConfirmingDelete] = useState(false);

  const save = async () => {
    if (text.trim() === '') return setError('A note needs some text');
    try {
      await edit.mutateAsync({ id: note.id, type, text });
      notifyDone(`Note for ${customer.name} saved`);
      setEditing(false);
    } catch (e) {
      if (isApiError(e)) setError(e.fields.text ?? e.message);
      else notifyError(e, 'The note was not saved');
    }
  };

  return (
    <Paper withBorder radius="md" p="md" component="li">
      {editing ? (
        <Stack gap="sm">
          <NoteTypeChips value={type} onChange={setType} />
          <Textarea label="Note" autosize minRows={2} value={text} onChange={(e) => setText(e.currentTarget.value)} error={error} autoFocus />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={() => setEditing(false)}>
              Cancel
            </Button>
            <Button onClick={save} loading={edit.isPending}>
              Save note
            </Button>
          </Group>
        </Stack>
      ) : (
        <Group justify="space-between" align="flex-start" wrap="nowrap">
          <Stack gap={4} miw={0}>
            <Group gap="xs">
              <Badge variant="light" color={noteColors[note.type]}>
                {noteTypeLabels[note.type]}
              </Badge>
              {note.alert ? (
                <Badge variant={note.alertClearedAt ? 'outline' : 'filled'} color={note.alertClearedAt ? 'gray' : 'red'}>
                  {note.alertClearedAt ? `Alert cleared${note.alertClearedBy ? ` by ${note.alertClearedBy.name}` : ''}` : 'Alert'}
                </Badge>
              ) : null}
              <Text size="sm" c="dimmed">
                <RelativeTime iso={note.createdAt} />
                {note.author ? ` · ${note.author.name}` : ''}
                {note.updatedAt !== note.createdAt ? ' · edited' : ''}
              </Text>
            </Group>
            <Text style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>{note.text}</Text>
          </Stack>
          <Group gap={4} wrap="nowrap">
            {mayEdit ? (
              <Button
                variant="subtle"
                size="compact-sm"
                onClick={() => {
                  setType(note.type);
                  setText(note.text);
                  setError(null);
                  setEditing(true);
                }}
                aria-label={`Edit note: ${note.text.slice(0, 40)}`}
              >
                Edit
              </Button>
            ) : null}
            {mayDelete ? (
              <Button variant="subtle" color="red" size="compact-sm" onClick={() => setConfirmingDelete(true)} aria-label={`Delete note: ${note.text.slice(0, 40)}`}>
                Delete
              </Button>
            ) : null}
          </Group>
        </Group>
      )}
      {mayDelete ? <DeleteNoteDialog note={note} customer={customer} opened={confirmingDelete} onClose={() => setConfirmingDelete(false)} /> : null}
    </Paper>
  );
}

function DeleteNoteDialog({ note, customer, opened, onClose }: { note: Note; customer: Customer; opened: boolean; onClose(): void }) {
  const remove = useApiMutation('notes.delete');
  const confirm = async () => {
    try {
      await remove.mutateAsync({ id: note.id });
      notifyDone(`Note for ${customer.name} deleted`);
      onClose();
    } catch (e) {
      notifyError(e, 'The note was not deleted');
    }
  };
  return (
    <Modal opened={opened} onClose={onClose} title="Delete this note?">
      <Stack gap="md">
        <Text size="sm">The audit log keeps that it was deleted, not its text.</Text>
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button color="red" onClick={confirm} loading={remove.isPending} data-autofocus>
            Delete note
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
