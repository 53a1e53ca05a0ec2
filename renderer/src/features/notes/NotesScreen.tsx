/** Placeholder until this screen is built (issue "The journal"). */
export function NotesScreen(_props: { projectId: string }) {
  return <p className="empty-state">Field notes</p>;
}
