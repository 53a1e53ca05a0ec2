/** Placeholder: importing a project bundle (.withness) on the home screen. */
export function ImportBundle(_props: { onImported: (projectId: string) => void }) {
  return null;
}
