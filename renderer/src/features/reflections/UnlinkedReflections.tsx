/** Placeholder: reflections not yet linked to any evidence (built with the reflections screens). */
export function UnlinkedReflections(_props: { projectId: string }) {
  return null;
}
