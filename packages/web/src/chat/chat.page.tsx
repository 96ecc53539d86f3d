import { PageHeader } from '../ui/page-header';

export default function Page() {
  return <PageHeader title="Chat" />;
}
