import { Tabs } from '@mantine/core';
import { IconFileSearch, IconHeartbeat, IconShare, IconUsers, IconUsersGroup } from '@tabler/icons-react';
import { Navigate, useNavigate, useParams } from 'react-router';
import { PageHeader } from '../ui/page-header';
import { AuditPanel } from './audit.panel';
import { GroupsPanel } from './groups.panel';
import { SharesPanel } from './shares.panel';
import { SystemPanel } from './system.panel';
import { UsersPanel } from './users.panel';

const TABS = [
  { value: 'users', label: 'Users', icon: IconUsers, Panel: UsersPanel },
  { value: 'groups', label: 'Groups', icon: IconUsersGroup, Panel: GroupsPanel },
  { value: 'shares', label: 'Collection shares', icon: IconShare, Panel: SharesPanel },
  { value: 'audit', label: 'Audit log', icon: IconFileSearch, Panel: AuditPanel },
  { value: 'system', label: 'System', icon: IconHeartbeat, Panel: SystemPanel },
] as const;

/**
 * Administration, one sub-route per tab (/admin/users, /admin/audit…) so that each can be linked to and the
 * back button moves between them. The router lets only admins in (RequireRole).
 */
export default function AdminPage() {
  const navigate = useNavigate();
  const tab = (useParams()['*'] ?? '').split('/')[0];
  const current = TABS.find((t) => t.value === tab);
  if (!current) return <Navigate to="/admin/users" replace />;

  return (
    <>
      <PageHeader title="Admin" />
      <Tabs value={current.value} onChange={(v) => v && navigate(`/admin/${v}`)} keepMounted={false}>
        <Tabs.List mb="md">
          {TABS.map((t) => (
            <Tabs.Tab key={t.value} value={t.value} leftSection={<t.icon size={16} aria-hidden />}>
              {t.label}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        {TABS.map((t) => (
          <Tabs.Panel key={t.value} value={t.value}>
            <t.Panel />
          </Tabs.Panel>
        ))}
      </Tabs>
    </>
  );
}
