/** Placeholder until this screen is built (issue "The journal"). */
export function DialogueScreen(_props: { projectId: string; dialogueId: string; turnId?: string }) {
  return <p className="empty-state">Dialogue</p>;
}
