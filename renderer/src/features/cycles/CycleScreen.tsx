/** Placeholder until this screen is built (issue "The journal"). */
export function CycleScreen(_props: { projectId: string; cycleId: string; entryId?: string }) {
  return <p className="empty-state">Cycle</p>;
}
