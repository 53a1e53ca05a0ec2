/** Placeholder until this screen is built (issue "The journal"). */
export function ReflectionScreen(_props: { projectId: string; reflectionId: string }) {
  return <p className="empty-state">Reflection</p>;
}
