import { Alert, Center, Stack } from '@mantine/core';
import { Busy } from '../ui/busy';
import { IconInfoCircle } from '@tabler/icons-react';
import { PageHeader } from '../ui/page-header';
import { AccountApiKeys } from './account-api-keys';
import { AccountPassword } from './account-password';
import { AccountProfile } from './account-profile';
import { useSession } from './session.hooks';

/** One's own account: profile, password, API keys. */
export default function AccountPage() {
  const session = useSession();
  const user = session.status?.user ?? null;

  if (session.loading)
    return (
      <Center py="xl">
        <Busy label="Loading the account" />
      </Center>
    );
  return (
    <Stack gap="md">
      <PageHeader title="Account" />
      {user ? (
        <>
          <AccountProfile key={user.id} user={user} />
          <AccountPassword hasPassword={user.has_password} />
          <AccountApiKeys role={user.role} />
        </>
      ) : (
        <Alert variant="light" icon={<IconInfoCircle size={18} />} title="Accounts are off on this server">
          Sift runs without sign-in (loopback only); you act as its operator. Accounts, passwords and API keys
          exist once SIFT_AUTH is on.
        </Alert>
      )}
    </Stack>
  );
}
