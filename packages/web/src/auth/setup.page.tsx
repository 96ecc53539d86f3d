import { Button, PasswordInput, Stack, TextInput } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Navigate, useNavigate } from 'react-router';
import { api, unwrap } from '../api/client';
import { ErrorAlert } from '../ui/error-alert';
import { AuthCard } from './auth-card';
import { useResetSession, useSession } from './session.hooks';

/** First run: the first account, an admin. The server accepts this exactly once. */
export function SetupPage() {
  const navigate = useNavigate();
  const session = useSession();
  const reset = useResetSession();
  const [form, setForm] = useState({ email: '', display_name: '', password: '', confirm: '' });
  const mismatch = form.confirm.length > 0 && form.confirm !== form.password;

  const setup = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/v1/auth/setup', {
          body: {
            email: form.email,
            password: form.password,
            ...(form.display_name ? { display_name: form.display_name } : {}),
          },
        }),
      ),
    onSuccess: async () => {
      await reset();
      navigate('/library', { replace: true });
    },
  });

  if (!session.loading && !session.status?.setup_required && !setup.isPending)
    return <Navigate to={session.signedIn ? '/library' : '/sign-in'} replace />;

  const field = (name: keyof typeof form) => ({
    value: form[name],
    onChange: (e: React.ChangeEvent<HTMLInputElement>) => setForm({ ...form, [name]: e.currentTarget.value }),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!mismatch) setup.mutate();
  };

  return (
    <AuthCard title="Welcome to Sift" subtitle="Create the administrator account to start.">
      <form onSubmit={submit}>
        <Stack gap="sm">
          <TextInput label="Email" type="email" autoComplete="username" required {...field('email')} />
          <TextInput label="Display name" autoComplete="name" {...field('display_name')} />
          <PasswordInput
            label="Password"
            description="At least 12 characters; common passwords are refused."
            autoComplete="new-password"
            required
            minLength={12}
            {...field('password')}
          />
          <PasswordInput
            label="Repeat the password"
            autoComplete="new-password"
            required
            error={mismatch ? 'The passwords differ' : undefined}
            {...field('confirm')}
          />
          <ErrorAlert error={setup.error} title="Could not create the account" />
          <Button type="submit" loading={setup.isPending} disabled={mismatch}>
            Create account and sign in
          </Button>
        </Stack>
      </form>
    </AuthCard>
  );
}
