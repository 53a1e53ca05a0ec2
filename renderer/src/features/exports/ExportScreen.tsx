/** Placeholder until this screen is built. */
export function ExportScreen(_props: { projectId: string }) {
  return <p className="empty-state">Export</p>;
}
