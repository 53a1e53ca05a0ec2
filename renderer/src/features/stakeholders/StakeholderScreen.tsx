/** Placeholder until this screen is built (issue "The journal"). */
export function StakeholderScreen(_props: { projectId: string; stakeholderId: string }) {
  return <p className="empty-state">Stakeholder</p>;
}
