import { Alert, Button, Divider, PasswordInput, Stack, TextInput } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { api, unwrap } from '../api/client';
import { ErrorAlert } from '../ui/error-alert';
import { AuthCard } from './auth-card';
import { useResetSession, useSession } from './session.hooks';

/** Only paths inside the app are followed after sign-in (no open redirect through `?next=`). */
function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/library';
}

export function SignInPage() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const session = useSession();
  const reset = useResetSession();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const next = safeNext(params.get('next'));

  const login = useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/auth/login', { body: { email, password } })),
    onSuccess: async () => {
      await reset();
      navigate(next, { replace: true });
    },
  });

  if (session.status?.setup_required) return <Navigate to="/setup" replace />;
  if (!session.loading && session.signedIn && !login.isPending) return <Navigate to={next} replace />;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    login.mutate();
  };
  const ssoError = params.get('sso_error');

  return (
    <AuthCard title="Sign in to Sift">
      {params.get('expired') && (
        <Alert color="yellow" title="Your session ended">
          Sign in again to continue where you were.
        </Alert>
      )}
      {ssoError && (
        <Alert color="red" title="Single sign-on failed">
          {ssoError}
        </Alert>
      )}
      <form onSubmit={submit}>
        <Stack gap="sm">
          <TextInput
            label="Email"
            type="email"
            autoComplete="username"
            required
            value={email}
            onChange={(e) => setEmail(e.currentTarget.value)}
            data-autofocus
          />
          <PasswordInput
            label="Password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
          />
          <ErrorAlert error={login.error} title="Could not sign in" />
          <Button type="submit" loading={login.isPending}>
            Sign in
          </Button>
        </Stack>
      </form>
      {session.status?.oidc_enabled && (
        <>
          <Divider label="or" labelPosition="center" />
          <Button component="a" href="/api/v1/auth/oidc/login" variant="default">
            Sign in with single sign-on
          </Button>
        </>
      )}
    </AuthCard>
  );
}
