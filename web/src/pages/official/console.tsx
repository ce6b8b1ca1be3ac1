import { session } from '../../api.ts';
import { OfficialQueue } from '../OfficialQueue.tsx';
import { Delegations } from './Delegations.tsx';
import { PolicyList, PolicyPage } from './Policies.tsx';
import { PublicNotice } from './PublicNotice.tsx';

/** `#/official/<section>/<program>`; the queue first, as that is what an official opens it for. */
export function OfficialConsole(props: { path: string[] }) {
  const [section, program] = props.path;
  // Administrators are not officials: they have the policy pages only.
  if (section !== 'policies' && !session.user()?.groups.includes('official')) {
    location.hash = '#/official/policies';
    return null;
  }
  if (section === 'notice') return <PublicNotice />;
  if (section === 'delegations') return <Delegations />;
  if (section === 'policies') return program ? <PolicyPage program={program} /> : <PolicyList />;
  return <OfficialQueue />;
}
