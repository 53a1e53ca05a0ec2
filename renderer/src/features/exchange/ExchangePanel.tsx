/** Placeholder: REFI-QDA, project bundle and review-page exports (built with the exchange work). */
export function ExchangePanel(_props: { projectId: string; realNames: boolean }) {
  return null;
}
