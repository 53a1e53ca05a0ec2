/** Placeholder until this screen is built (issue "The journal"). */
export function ReflectionsScreen(_props: { projectId: string }) {
  return <p className="empty-state">Reflections</p>;
}
