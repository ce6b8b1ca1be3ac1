import { OfficialQueue } from '../OfficialQueue.tsx';
import { Attention } from './Attention.tsx';
import { Budget } from './Budget.tsx';
import { CallBacks } from './CallBacks.tsx';
import { Delegations } from './Delegations.tsx';
import { PolicyList, PolicyPage } from './Policies.tsx';
import { PublicNotice } from './PublicNotice.tsx';
import { isOfficial } from './common.tsx';

/** `#/official/<section>/<program>`; the queue first, as that is what an official opens it for. */
export function OfficialConsole(props: { path: string[] }) {
  const [section, program] = props.path;
  if (section === 'budget' && isOfficial()) return <Budget path={props.path.slice(1)} />;
  if (section !== 'policies' && !isOfficial()) {
    location.hash = '#/official/policies';
    return null;
  }
  if (section === 'call-backs') return <CallBacks />;
  if (section === 'notice') return <PublicNotice />;
  if (section === 'attention') return <Attention />;
  if (section === 'delegations') return <Delegations />;
  if (section === 'policies') return program ? <PolicyPage program={program} /> : <PolicyList />;
  return <OfficialQueue />;
}
