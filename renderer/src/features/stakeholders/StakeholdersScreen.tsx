/** Placeholder until this screen is built (issue "The journal"). */
export function StakeholdersScreen(_props: { projectId: string }) {
  return <p className="empty-state">Stakeholders</p>;
}
