import { OfficialQueue } from '../OfficialQueue.tsx';
import { AssistedFiling } from './AssistedFiling.tsx';
import { Attention } from './Attention.tsx';
import { Budget } from './Budget.tsx';
import { CallBacks } from './CallBacks.tsx';
import { Delegations } from './Delegations.tsx';
import { PolicyList, PolicyPage } from './Policies.tsx';
import { Notifications } from './Notifications.tsx';
import { PublicNotice } from './PublicNotice.tsx';
import { isOfficial } from './common.tsx';
import { CampaignPage } from './Campaigns.tsx';
import { PartnerFiles } from './PartnerFiles.tsx';
import { HouseholdFileList, HouseholdFilePage, HouseholdReviews, HouseholdWatchLists, OpenHouseholdFile } from './HouseholdFiles.tsx';

/** `#/official/<section>/<program or file>`; the queue first, as that is what an official opens it for. */
export function OfficialConsole(props: { path: string[] }) {
  const [section, program] = props.path;
  if (section === 'budget' && isOfficial()) return <Budget path={props.path.slice(1)} />;
  if (section !== 'policies' && !isOfficial()) {
    location.hash = '#/official/policies';
    return null;
  }
  if (section === 'call-backs') return <CallBacks />;
  if (section === 'notice') return <PublicNotice />;
  if (section === 'notifications') return <Notifications />;
  if (section === 'attention') return <Attention />;
  if (section === 'delegations') return <Delegations />;
  if (section === 'files') return program === 'new' ? <OpenHouseholdFile /> : program === 'watch' ? <HouseholdWatchLists /> : program === 'reviews' ? <HouseholdReviews /> : program ? <HouseholdFilePage id={program} /> : <HouseholdFileList />;
  if (section === 'campaign') return <CampaignPage orgUnit={program} />;
  if (section === 'partner-files') return <PartnerFiles />;
  if (section === 'assisted') return <AssistedFiling path={props.path.slice(1)} />;
  if (section === 'policies') return program ? <PolicyPage program={program} /> : <PolicyList />;
  return <OfficialQueue />;
}
