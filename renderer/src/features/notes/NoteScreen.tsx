/** Placeholder until this screen is built (issue "The journal"). */
export function NoteScreen(_props: { projectId: string; noteId: string }) {
  return <p className="empty-state">Field note</p>;
}
