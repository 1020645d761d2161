import { Alert, Button, Checkbox, Group, PasswordInput, Select, Stack, Text, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { defaultMailchimpApiBase, mailchimpApiBase, mailchimpApiKey, type MailchimpAudience } from '../../../shared/contract';
import { call, isApiError, useDetachedWrite } from '../../api';
import { notifyDone } from '../../components/notify';
import { useFormat } from '../settings/settings';
import { Disclosure } from './Disclosure';

type Field = 'apiKey' | 'apiBase' | 'audienceId' | 'createMergeFields' | 'permissionId';
const fields: readonly Field[] = ['apiKey', 'apiBase', 'audienceId', 'createMergeFields', 'permissionId'];

/** The GDPR permission that most likely means email offers: the one whose text says so, else the first. */
const emailPermissionOf = (audience: MailchimpAudience): string | null =>
  (audience.marketingPermissions.find((p) => /e-?mail/i.test(p.text)) ?? audience.marketingPermissions[0])?.id ?? null;

/**
 * Connecting to Mailchimp: the API key, which audience, and what the audience lacks. The key lives
 * only in this form's state (never a query key, a log or storage) and goes with each call to the host,
 * which seals it into the book on connect; the field is emptied once connected.
 */
export function ConnectMailchimpForm() {
  const format = useFormat();
  const write = useDetachedWrite();
  const [apiKey, setApiKey] = useState('');
  const [apiBase, setApiBase] = useState('');
  const [advanced, setAdvanced] = useState(false);
  const [audiences, setAudiences] = useState<MailchimpAudience[] | null>(null);
  const [audienceId, setAudienceId] = useState<string | null>(null);
  const [createMergeFields, setCreateMergeFields] = useState(true);
  const [permissionId, setPermissionId] = useState<string | null>(null);
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [general, setGeneral] = useState<string | null>(null);
  const [busy, setBusy] = useState<'finding' | 'connecting' | null>(null);

  const audience = audiences?.find((a) => a.id === audienceId) ?? null;

  const pick = (id: string | null, from = audiences) => {
    const picked = from?.find((a) => a.id === id) ?? null;
    setAudienceId(picked?.id ?? null);
    setCreateMergeFields(true);
    setPermissionId(picked ? emailPermissionOf(picked) : null);
    setErrors((e) => ({ ...e, audienceId: undefined, permissionId: undefined, createMergeFields: undefined }));
  };

  /** Audiences belong to one account: a different key or address means finding them again. */
  const forgetAudiences = () => {
    setAudiences(null);
    setAudienceId(null);
    setPermissionId(null);
  };

  /** The key and address as the contract reads them, or the contract's own words next to the field at fault. */
  const checkedAccess = (): { apiKey: string; apiBase?: string } | null => {
    const next: Partial<Record<Field, string>> = {};
    const key = mailchimpApiKey.safeParse(apiKey);
    if (!key.success) next.apiKey = key.error.issues[0]?.message;
    const base = apiBase.trim() === '' ? null : mailchimpApiBase.safeParse(apiBase.trim());
    if (base && !base.success) next.apiBase = base.error.issues[0]?.message;
    setErrors(next);
    if (next.apiBase) setAdvanced(true);
    if (!key.success || (base && !base.success)) return null;
    return base?.success ? { apiKey: key.data, apiBase: base.data } : { apiKey: key.data };
  };

  /** Puts the host's field messages next to their fields; a message with no field goes above the buttons. */
  const showProblem = (error: unknown) => {
    if (!isApiError(error)) {
      setGeneral(error instanceof Error ? error.message : String(error));
      return;
    }
    const placed: Partial<Record<Field, string>> = {};
    for (const [path, message] of Object.entries(error.fields)) {
      const field = fields.find((f) => path.split('.').includes(f));
      if (field) placed[field] ??= message;
    }
    setErrors(placed);
    if (placed.apiBase) setAdvanced(true);
    setGeneral(Object.keys(placed).length === 0 ? error.message : null);
  };

  const findAudiences = async () => {
    setGeneral(null);
    const access = checkedAccess();
    if (!access) return;
    setBusy('finding');
    try {
      // A plain call, not a query: a query's key would hold the API key in the cache.
      const found = await call('mailchimp.audiences', access);
      setAudiences(found);
      pick(found.length === 1 ? found[0].id : null, found);
    } catch (error) {
      forgetAudiences();
      showProblem(error);
    } finally {
      setBusy(null);
    }
  };

  const connect = async () => {
    setGeneral(null);
    const access = checkedAccess();
    if (!access) return;
    if (!audience) {
      setErrors((e) => ({ ...e, audienceId: 'Pick an audience' }));
      return;
    }
    setBusy('connecting');
    try {
      await write('mailchimp.connect', {
        ...access,
        audienceId: audience.id,
        createMergeFields: audience.missingMergeFields.length > 0 && createMergeFields,
        permissionId: audience.marketingPermissions.length > 0 ? permissionId : null,
      });
      // The host has sealed the key into the book: nothing here needs it any more.
      setApiKey('');
      forgetAudiences();
      notifyDone(`Regulars is connected to the Mailchimp audience ${audience.name}`);
    } catch (error) {
      showProblem(error);
    } finally {
      setBusy(null);
    }
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void (audience ? connect() : findAudiences());
  };

  const keyLooksRight = mailchimpApiKey.safeParse(apiKey).success;

  return (
    <form onSubmit={submit} noValidate aria-label="Connect to Mailchimp">
      <Stack gap="md">
        <PasswordInput
          label="API key"
          description="Mailchimp → Profile → Extras → API keys; it ends with your data centre, like -us12"
          autoComplete="off"
          spellCheck={false}
          maw={520}
          value={apiKey}
          onChange={(event) => {
            setApiKey(event.currentTarget.value);
            setErrors((e) => ({ ...e, apiKey: undefined }));
            forgetAudiences();
          }}
          error={errors.apiKey}
        />
        <Disclosure label="Advanced" opened={advanced} onToggle={() => setAdvanced((o) => !o)}>
          <TextInput
            label="API address"
            description="Leave empty for Mailchimp's own. Only for a proxy your IT set up, or a test server."
            placeholder={keyLooksRight ? defaultMailchimpApiBase(apiKey) : 'https://us12.api.mailchimp.com/3.0'}
            autoComplete="off"
            spellCheck={false}
            maw={520}
            value={apiBase}
            onChange={(event) => {
              setApiBase(event.currentTarget.value);
              setErrors((e) => ({ ...e, apiBase: undefined }));
              forgetAudiences();
            }}
            error={errors.apiBase}
          />
        </Disclosure>
        <Group>
          <Button type="button" variant={audiences ? 'default' : 'filled'} onClick={() => void findAudiences()} loading={busy === 'finding'} disabled={busy === 'connecting'}>
            Find audiences
          </Button>
        </Group>

        {audiences && audiences.length === 0 ? (
          <Alert color="gray" title="No audiences in this Mailchimp account">
            Make one in Mailchimp (Audience → Create audience), then find audiences again.
          </Alert>
        ) : null}

        {audiences && audiences.length > 0 ? (
          <Stack gap="md">
            <Select
              label="Audience"
              description="The Mailchimp list your customers who agreed to email offers go into."
              placeholder="Pick an audience"
              data={audiences.map((a) => ({ value: a.id, label: `${a.name} (${format.count(a.members)} ${a.members === 1 ? 'member' : 'members'})` }))}
              value={audienceId}
              onChange={(id) => pick(id)}
              allowDeselect={false}
              maw={520}
              comboboxProps={{ withinPortal: true }}
              error={errors.audienceId}
            />
            {audience && audience.missingMergeFields.length > 0 ? (
              <Checkbox
                label={`Create the missing fields (${audience.missingMergeFields.join(', ')})`}
                description="This audience has no place yet for these details; without them a sync sends only the email address and tags."
                checked={createMergeFields}
                onChange={(event) => setCreateMergeFields(event.currentTarget.checked)}
                error={errors.createMergeFields}
              />
            ) : null}
            {audience && audience.marketingPermissions.length > 0 ? (
              <Select
                label="Marketing permission for “Email consent”"
                description="This audience asks for GDPR permissions: the one ticked for customers who agreed to email offers here."
                placeholder="Pick a permission"
                data={audience.marketingPermissions.map((p) => ({ value: p.id, label: p.text }))}
                value={permissionId}
                onChange={(id) => {
                  setPermissionId(id);
                  setErrors((e) => ({ ...e, permissionId: undefined }));
                }}
                maw={520}
                comboboxProps={{ withinPortal: true }}
                error={errors.permissionId}
              />
            ) : null}
          </Stack>
        ) : null}

        {general ? (
          <Alert color="red" role="alert" title="Not connected">
            {general}
          </Alert>
        ) : null}
        {audiences && audiences.length > 0 ? (
          <Group justify="space-between" gap="sm" wrap="nowrap">
            <Text size="sm" c="dimmed" aria-live="polite">
              {busy === 'connecting' ? (createMergeFields && audience?.missingMergeFields.length ? 'Creating the missing fields and connecting…' : 'Connecting…') : ' '}
            </Text>
            <Button type="submit" loading={busy === 'connecting'} disabled={busy === 'finding' || !audience}>
              Connect
            </Button>
          </Group>
        ) : null}
      </Stack>
    </form>
  );
}
