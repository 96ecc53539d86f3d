import {
  ActionIcon,
  AppShell,
  Badge,
  Burger,
  Group,
  Menu,
  NavLink,
  Text,
  Tooltip,
  UnstyledButton,
  useComputedColorScheme,
  useMantineColorScheme,
  VisuallyHidden,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import {
  IconActivity,
  IconBooks,
  IconChartBar,
  IconLogout,
  IconMessageChatbot,
  IconMoon,
  IconSearch,
  IconSettings,
  IconShieldLock,
  IconSun,
  IconUser,
} from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import { api, unwrap } from '../api/client';
import { useResetSession, useSession } from '../auth/session.hooks';
import { useConnectionState, useLiveCacheSync } from '../live/live-events.hooks';
import { NotificationsBell } from '../notifications/notifications-bell';

const NAV = [
  { to: '/library', label: 'Library', icon: IconBooks },
  { to: '/search', label: 'Search', icon: IconSearch },
  { to: '/ask', label: 'Ask', icon: IconMessageChatbot },
  { to: '/operations', label: 'Operations', icon: IconActivity },
  { to: '/dashboard', label: 'Dashboard', icon: IconChartBar },
] as const;

function ConnectionBadge() {
  const state = useConnectionState();
  if (state === 'live') return null;
  return (
    <Badge
      color={state === 'reconnecting' ? 'orange' : 'gray'}
      variant="light"
      data-testid="connection-state"
    >
      {state === 'reconnecting' ? 'Reconnecting…' : 'Connecting…'}
    </Badge>
  );
}

function ThemeToggle() {
  const { setColorScheme } = useMantineColorScheme();
  const scheme = useComputedColorScheme('light');
  const next = scheme === 'dark' ? 'light' : 'dark';
  return (
    <Tooltip label={`Switch to the ${next} theme`}>
      <ActionIcon
        variant="default"
        size="lg"
        aria-label={`Switch to the ${next} theme`}
        onClick={() => setColorScheme(next)}
      >
        {scheme === 'dark' ? <IconSun size={18} /> : <IconMoon size={18} />}
      </ActionIcon>
    </Tooltip>
  );
}

/** The frame of every signed-in screen: navigation, live connection state, theme, account menu. */
export function AppShellLayout() {
  const [opened, { toggle, close }] = useDisclosure();
  const session = useSession();
  const location = useLocation();
  const navigate = useNavigate();
  const reset = useResetSession();
  useLiveCacheSync(session.signedIn);

  const logout = useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/auth/logout')),
    onSettled: async () => {
      await reset();
      navigate('/sign-in', { replace: true });
    },
  });

  const links = [
    ...NAV,
    ...(session.isAdmin ? [{ to: '/admin', label: 'Admin', icon: IconShieldLock }] : []),
  ];

  return (
    <AppShell
      header={{ height: 56 }}
      navbar={{ width: 220, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding="md"
    >
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between">
          <Group gap="sm">
            <Burger
              opened={opened}
              onClick={toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label="Toggle navigation"
            />
            <Text
              component={Link}
              to="/library"
              fw={700}
              size="lg"
              style={{ textDecoration: 'none', color: 'inherit' }}
            >
              Sift
            </Text>
            <ConnectionBadge />
          </Group>
          <Group gap="xs">
            <NotificationsBell enabled={session.signedIn} />
            <ThemeToggle />
            <Menu position="bottom-end" withinPortal>
              <Menu.Target>
                {/* Named by what it shows (WCAG 2.5.3: speech users say what they see), plus its purpose. */}
                <UnstyledButton data-testid="account-menu" px="xs">
                  <Group gap={6}>
                    <IconUser size={18} aria-hidden />
                    <Text size="sm">{session.displayName ?? session.email}</Text>
                    <Badge size="xs" variant="outline">
                      {session.role}
                    </Badge>
                    <VisuallyHidden>account menu</VisuallyHidden>
                  </Group>
                </UnstyledButton>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Item component={Link} to="/account" leftSection={<IconSettings size={16} />}>
                  Account and API keys
                </Menu.Item>
                {session.status?.auth_enabled && (
                  <Menu.Item leftSection={<IconLogout size={16} />} onClick={() => logout.mutate()}>
                    Sign out
                  </Menu.Item>
                )}
              </Menu.Dropdown>
            </Menu>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" component="nav" aria-label="Main">
        {links.map((link) => (
          <NavLink
            key={link.to}
            component={Link}
            to={link.to}
            label={link.label}
            leftSection={<link.icon size={18} aria-hidden />}
            active={location.pathname.startsWith(link.to)}
            onClick={close}
          />
        ))}
      </AppShell.Navbar>
      <AppShell.Main>
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
