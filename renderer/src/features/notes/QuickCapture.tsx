/** Placeholder until quick capture is built (issue "The journal"). */
export function QuickCapture(_props: { projectId: string }) {
  return null;
}
