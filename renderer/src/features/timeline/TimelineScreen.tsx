/** Placeholder until this screen is built. */
export function TimelineScreen(_props: { projectId: string }) {
  return <p className="empty-state">Timeline</p>;
}
