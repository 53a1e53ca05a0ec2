/** Placeholder until this screen is built (issue "The journal"). */
export function SettingsScreen(_props: { projectId: string }) {
  return <p className="empty-state">Settings</p>;
}
