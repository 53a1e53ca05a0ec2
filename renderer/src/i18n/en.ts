/** English UI text. Danish (da.ts) must have exactly the same keys; a test checks. */
export const en = {
  app: {
    name: 'Withness',
    tagline: 'A journal for action research',
    skipToContent: 'Skip to content',
    language: 'Language',
    loading: 'Loading…',
    home: 'All inquiries',
  },
  home: {
    title: 'Your inquiries',
    intro: 'Each inquiry is a spiral of plan, act, observe and reflect. Start one for each research question you are living with.',
    emptyTitle: 'No inquiries yet',
    emptyBody: 'Create your first inquiry below: give it a title and the question or concern that drives it.',
    listLabel: 'Inquiries',
    updated: 'Updated {{when}}',
    startedOn: 'Started {{date}}',
    fictional: 'Fictional example',
    status_active: 'Active',
    status_paused: 'Paused',
    status_closed: 'Closed',
  },
  create: {
    heading: 'Start a new inquiry',
    title: 'Title',
    titlePlaceholder: 'e.g. Loneliness among older citizens in Nordby',
    concern: 'Research question or thematic concern',
    concernPlaceholder: 'What are you trying to understand or change, and with whom?',
    submit: 'Create inquiry',
    creating: 'Creating…',
    created: 'Inquiry “{{title}}” created.',
  },
  project: {
    back: 'Back to all inquiries',
    concern: 'Research question',
    noConcern: 'No research question written yet.',
    cyclesHeading: 'Cycles',
    cyclesEmpty: 'This inquiry has no cycles yet. Cycles of plan, act, observe and reflect will appear here.',
    notFound: 'This inquiry could not be found. It may have been deleted.',
  },
  errors: {
    title: 'Something went wrong',
    invalid_input: 'Please check what you entered.',
    unknown_channel: 'Withness does not know this request.',
    not_found: 'It could not be found.',
    conflict: 'Someone else changed this at the same time.',
    forbidden: 'The request was refused.',
    storage_failed: 'Your journal could not be saved.',
    internal: 'Withness could not complete this request.',
    unreachable: 'The Withness server cannot be reached. Is it still running?',
    noToken: 'Open Withness with the link that “npm run serve” printed; it carries the access key for this session.',
    dismiss: 'Dismiss',
  },
};

type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };
export type Messages = Widen<typeof en>;
