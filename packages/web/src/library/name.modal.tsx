import { Button, Group, Modal, Stack, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { ErrorAlert } from '../ui/error-alert';

interface NameModalProps {
  opened: boolean;
  title: string;
  label: string;
  submitLabel: string;
  initial?: string;
  /** The mutation's state: its error is shown in the dialog, where the user acted. */
  pending: boolean;
  error: unknown;
  onSubmit: (name: string) => void;
  onClose: () => void;
}

/** Asks for one name: creating or renaming a collection or a folder. */
export function NameModal(props: NameModalProps) {
  return (
    <Modal opened={props.opened} onClose={props.onClose} title={props.title} centered>
      {/* Mounted per opening, so the field starts from `initial` each time. */}
      {props.opened && <NameForm {...props} />}
    </Modal>
  );
}

function NameForm({ label, submitLabel, initial, pending, error, onSubmit, onClose }: NameModalProps) {
  const [name, setName] = useState(initial ?? '');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (name.trim()) onSubmit(name.trim());
  };
  return (
    <form onSubmit={submit}>
      <Stack>
        <TextInput
          label={label}
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          maxLength={255}
          required
          data-autofocus
        />
        <ErrorAlert error={error} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={pending} disabled={!name.trim()}>
            {submitLabel}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
