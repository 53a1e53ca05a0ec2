/** Placeholder until this screen is built. */
export function CodesScreen(_props: { projectId: string }) {
  return <p className="empty-state">Codes</p>;
}
