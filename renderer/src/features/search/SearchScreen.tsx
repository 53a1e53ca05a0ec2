/** Placeholder until this screen is built. */
export function SearchScreen(_props: { projectId: string }) {
  return <p className="empty-state">Search</p>;
}
