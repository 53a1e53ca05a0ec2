/** Placeholder until this screen is built (issue "The journal"). */
export function DialoguesScreen(_props: { projectId: string }) {
  return <p className="empty-state">Dialogues</p>;
}
