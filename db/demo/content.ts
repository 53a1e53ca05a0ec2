/**
 * The fictional example inquiry that Withness offers on first start and through `withness demo`.
 *
 * Everything here is invented: Egeby Kommune, its people, the association, the bakery and the taxi company
 * do not exist, and any likeness to real persons or organisations is coincidental. The text is original,
 * written for Withness. Mostly Danish, with some English where the researcher writes for an academic audience.
 * Times are UTC; the inquiry runs from late August 2025 to late May 2026.
 */
import type { DemoContent } from './types.js';

export const DEMO_TITLE = 'Fællesskaber mod ensomhed i Egeby Kommune (fiktivt eksempel)';

export const demoContent: DemoContent = {
  project: {
    title: DEMO_TITLE,
    concern:
      'Hvordan kan borgere, frivillige, lokale virksomheder, frontmedarbejdere og kommunens seniorindsats sammen skabe fællesskaber, ' +
      'som de mest alene ældre faktisk har lyst til at bruge — og som parterne kan bære i længden?',
    setting:
      'FIKTIVT EKSEMPEL. Egeby Kommune er en opdigtet dansk kommune, og alle personer, foreninger og virksomheder i denne undersøgelse er ' +
      'opfundet til at vise, hvordan Withness bruges. Undersøgelsen følger et samskabelsesprojekt om ensomhed blandt ældre i tre cyklusser ' +
      'fra august 2025 til maj 2026: Seniorindsatsen, Hjemmeplejen Nord, Nabohjælp Egeby, Egeby Brød & Kage, Egeby Taxa, Boligforeningen ' +
      'Egebo, borgere og en følgeforsker. Du kan frit redigere, slette eller lægge eksemplet i papirkurven.',
    started_on: '2025-08-25',
    team: [
      { name: 'Ida (følgeforsker)', role: 'Aktionsforsker; skriver feltnoter og refleksioner' },
      { name: 'Henrik (seniorindsatsen)', role: 'Projektejer i kommunen; medforfatter på fasenoter' },
    ],
  },

  stakeholders: [
    {
      key: 'ida',
      pseudonym: 'Ida',
      real_name: 'Mette Skovgaard Lund',
      aliases: [],
      sector: 'researcher',
      organisation: 'Egeby Professionshøjskole (fiktiv)',
      role: 'Følgeforsker (aktionsforskning)',
      consent_status: 'given',
      consent_date: '2025-08-25',
      consent_scope: 'Deltager som forsker; egne noter og refleksioner må bruges i rapporter.',
      notes: 'Skriver både på dansk og engelsk. Har ikke tidligere arbejdet i Egeby.',
    },
    {
      key: 'henrik',
      pseudonym: 'Henrik',
      real_name: 'Jørgen Aagaard Holm',
      aliases: ['Jørgen A.'],
      sector: 'public',
      organisation: 'Egeby Kommune, Seniorindsatsen (fiktiv)',
      role: 'Afdelingsleder',
      consent_status: 'given',
      consent_date: '2025-08-28',
      consent_scope: 'Pseudonymiserede citater i rapporter og artikler.',
      notes: 'Skal afrapportere til Social- og Sundhedsudvalget i marts.',
    },
    {
      key: 'birgitte',
      pseudonym: 'Birgitte',
      real_name: 'Lone Kirkegaard',
      aliases: ['Lonni'],
      sector: 'public',
      organisation: 'Egeby Kommune, Hjemmeplejen Nord (fiktiv)',
      role: 'Social- og sundhedsassistent',
      consent_status: 'given',
      consent_date: '2025-09-09',
      consent_scope: 'Pseudonymiserede citater; ikke citater om navngivne kolleger.',
      notes: 'Kører rute 4 i Østerby. Kender mange af de borgere, der ikke kommer noget sted.',
    },
    {
      key: 'poul',
      pseudonym: 'Poul',
      real_name: 'Arne Vestergaard',
      aliases: [],
      sector: 'voluntary',
      organisation: 'Nabohjælp Egeby (fiktiv forening)',
      role: 'Formand',
      consent_status: 'given',
      consent_date: '2025-09-09',
      consent_scope: 'Pseudonymiserede citater i rapporter og artikler.',
      notes: '73 år. Har været frivillig i tyve år og er skeptisk over for kommunale projekter.',
    },
    {
      key: 'fatima',
      pseudonym: 'Fatima',
      real_name: 'Yasmin Haddad',
      aliases: ['Yas'],
      sector: 'voluntary',
      organisation: 'Nabohjælp Egeby (fiktiv forening)',
      role: 'Frivillig besøgsven og koordinator',
      consent_status: 'given',
      // Described, not quoted: the demo's reports show what consent holds back.
      consent_use: 'describe',
      consent_history: [{ status: 'pending', consent_use: 'quote', scope_note: 'Mundtligt ja til at deltage; vil læse samtykkeerklæringen hjemme.' }],
      consent_date: '2025-09-24',
      consent_scope: 'Må beskrives i rapporter, men ikke citeres: hun vil ikke genkendes på sine egne ord i foreningen.',
      notes: 'Koordinerer besøgsvennernes vagtplan ved siden af sit job som tandklinikassistent.',
    },
    {
      key: 'soren',
      pseudonym: 'Søren',
      real_name: 'Kim Bager Nielsen',
      aliases: ['Kim B.', 'Bager-Kim'],
      sector: 'private',
      organisation: 'Egeby Brød & Kage ApS (fiktiv)',
      role: 'Bagermester og ejer',
      consent_status: 'given',
      consent_date: '2025-10-02',
      consent_scope: 'Pseudonymiserede citater; bageriet må nævnes ved sit fiktive navn.',
      notes: 'Har haft bageriet på Torvet i tyve år.',
    },
    {
      key: 'lise',
      pseudonym: 'Lise',
      real_name: 'Tina Møller',
      aliases: [],
      sector: 'private',
      organisation: 'Egeby Taxa (fiktiv)',
      role: 'Vognmand og disponent',
      consent_status: 'given',
      consent_date: '2025-10-21',
      consent_scope: 'Pseudonymiserede citater i rapporter.',
      notes: 'Kører også selv, når der mangler en chauffør.',
    },
    {
      key: 'else',
      pseudonym: 'Else',
      real_name: 'Inger Margrethe Dahl',
      aliases: ['Fru Dahl', 'Inger'],
      sector: 'citizen',
      organisation: '',
      role: 'Borger, 84 år, bor alene i Østerby',
      consent_status: 'given',
      consent_date: '2025-10-14',
      consent_scope: 'Pseudonymiserede citater; ingen billeder; ønsker resuméer i stor skrift.',
      notes: 'Enke i fire år. Går med rollator. Sønnen bor i Aarhus.',
    },
    {
      key: 'villy',
      pseudonym: 'Villy',
      real_name: 'Bent Overgaard',
      aliases: ['Bent'],
      sector: 'citizen',
      organisation: '',
      role: 'Borger, 79 år, enkemand',
      consent_status: 'pending',
      consent_date: null,
      consent_scope: 'Mundtligt samtykke til feltnoter og pseudonymiserede citater; den skriftlige bekræftelse afventer. Husk at få den underskrevet.',
      notes: 'Tidligere maskinarbejder. Kommer på biblioteket for at læse aviser.',
    },
    {
      key: 'anna',
      pseudonym: 'Anna',
      real_name: 'Rikke Thorsen',
      aliases: [],
      sector: 'other',
      organisation: 'Boligforeningen Egebo (fiktiv)',
      role: 'Boligsocial medarbejder',
      consent_status: 'given',
      consent_date: '2025-12-09',
      consent_scope: 'Pseudonymiserede citater i rapporter og artikler.',
      notes: 'Driver beboerhuset i Egebo og kender mange af de ældre beboere.',
    },
  ],

  codes: [
    { key: 'ensomhed', name: 'Ensomhed', color: '#b45309', description: 'Hvordan ensomhed opleves, nævnes og ikke nævnes.' },
    { key: 'skam', parent: 'ensomhed', name: 'Skam og tavshed', color: '#d97706', description: 'Når ensomhed skjules, omskrives eller ikke kan siges højt.' },
    { key: 'tab', parent: 'ensomhed', name: 'Tab af netværk', color: '#f59e0b', description: 'Dødsfald, flytninger og vaner, der forsvinder.' },
    { key: 'faellesskab', name: 'Fællesskab', color: '#047857', description: 'Øjeblikke, hvor folk hører til sammen.' },
    { key: 'moedesteder', parent: 'faellesskab', name: 'Mødesteder', color: '#10b981', description: 'Steder, hvor man kan komme uden at skulle have et ærinde.' },
    { key: 'barrierer', name: 'Barrierer', color: '#b91c1c', description: 'Det, der holder folk hjemme.' },
    { key: 'transport', parent: 'barrierer', name: 'Transport', color: '#ef4444', description: 'At komme ud af døren og hen til stedet.' },
    { key: 'samskabelse', name: 'Samskabelse', color: '#4338ca', description: 'Hvordan parterne arbejder sammen.' },
    { key: 'ejerskab', parent: 'samskabelse', name: 'Ejerskab og ansvar', color: '#6366f1', description: 'Hvem der bærer, ejer og kan sige fra.' },
    { key: 'stemme', parent: 'samskabelse', name: 'Magt og stemme', color: '#8b5cf6', description: 'Hvem der taler, og hvem der bliver talt om.' },
  ],

  cycles: [
    {
      key: 'c1',
      ordinal: 1,
      title: 'At lytte: hvem er alene, og hvor mødes man?',
      focus: 'Forstå, hvordan ensomhed ser ud i Egeby, før vi opfinder noget: følgeskab på ruter, interviews og observation på mødesteder.',
      status: 'closed',
      current_phase: 'reflect',
      started_on: '2025-08-25',
      ended_on: '2025-11-28',
      entries: [
        {
          key: 'c1-plan',
          phase: 'plan',
          author: 'Ida',
          at: '2025-08-26T09:00:00Z',
          body: `## Hvad vil vi undersøge?

Seniorindsatsen har et aktivitetscenter, som bruges af de samme tyve mennesker hver uge. De ældre, som sundhedsprofilen peger på som mest alene, kommer ikke.

Første cyklus handler om at **lytte**, før vi gør noget:

- følge hjemmeplejen på en morgenrute i Østerby
- tale med Nabohjælp Egebys besøgsvenner
- interviewe tre-fem borgere, der bor alene
- sidde på de steder, hvor folk allerede mødes (bageriet, biblioteket, taxakontoret)

Jeg vil skrive feltnoter samme dag og tage en reflekterende note hver fredag.`,
        },
        {
          key: 'c1-act',
          phase: 'act',
          author: 'Ida',
          at: '2025-09-15T07:00:00Z',
          body: `## Hvad vi gør

Opstartsmødet den 9. september gav os et fælles spørgsmål og en aftale om at lytte i to-tre måneder. Birgitte har spurgt tre borgere på sin rute; to har sagt ja til et interview.

I denne fase er jeg meget ude: på ruten med hjemmeplejen, til kaffe i Nabohjælp og tidligt om morgenen i bageriet. Jeg prøver at være en, der sidder med, ikke en, der kigger på.`,
        },
        {
          key: 'c1-observe',
          phase: 'observe',
          author: 'Ida',
          at: '2025-10-20T14:00:00Z',
          body: `## What I am noticing

Three patterns keep returning in the notes:

1. People rarely call themselves lonely. They say they are *alone*, or busy, or that their children phone on Sundays.
2. Getting there is the barrier, more than wanting to. Slippery pavements, a walker, no bus before nine.
3. The places where people still meet are ordinary: the bakery, the library's newspaper corner, the taxi office phone line.

I am also noticing my own hurry. I arrive with a question guide; people arrive with a week.`,
        },
        {
          key: 'c1-reflect',
          phase: 'reflect',
          author: 'Ida og Henrik',
          at: '2025-11-26T13:00:00Z',
          body: `## Hvad har vi lært?

Ensomhed er ikke et ord, folk bruger om sig selv. Hvis vi kalder noget et »tilbud mod ensomhed«, kommer de ikke. De ældre mangler ikke aktiviteter; de mangler en grund til at gå ud og en måde at komme derhen på.

De frivillige er selv ældre og har grænser, og hjemmeplejen har ingen minutter til overs. En løsning, der hviler på dem alene, holder ikke.

## Næste skridt

- Invitere borgere, frivillige, bageriet, taxaselskabet, hjemmeplejen og boligforeningen til en workshop i december.
- Spørge åbent: *Hvad skal der til for at komme ud af døren en almindelig tirsdag?*
- Henrik undersøger, om seniorindsatsen kan betale kørsel i en pilotperiode.`,
        },
      ],
    },
    {
      key: 'c2',
      ordinal: 2,
      title: 'Fællesbordet: en pilot i bageriet',
      focus: 'Afprøve et åbent fællesbord i Egeby Brød & Kage tirsdag morgen med fast taxakørsel og frivillige værter i otte uger.',
      status: 'closed',
      current_phase: 'reflect',
      started_on: '2025-12-01',
      ended_on: '2026-03-06',
      entries: [
        {
          key: 'c2-plan',
          phase: 'plan',
          author: 'Ida',
          at: '2025-12-02T10:00:00Z',
          body: `## Plan for workshoppen og piloten

Workshoppen den 9. december holdes i Egebo beboerhus, fordi det ligger tæt på, hvor mange af borgerne bor. Anna fra boligforeningen låner os salen.

Vi starter med borgernes erfaringer og lader virksomhederne og kommunen tale sidst. Hvis der opstår en idé, afprøver vi den i otte uger fra januar og mødes igen i marts.`,
        },
        {
          key: 'c2-act',
          phase: 'act',
          author: 'Ida',
          at: '2026-01-12T08:00:00Z',
          body: `## Fællesbordet åbner

Fra tirsdag den 13. januar står langbordet i hjørnet af bageriet klar kl. 7.30–9.00. Egeby Taxa henter i Østerby kl. 7.10 og i Egebo kl. 7.20 og kører hjem kl. 9.05. Seniorindsatsen betaler kørslen i otte uger.

Søren giver kaffen; brød køber man selv. En besøgsven fra Nabohjælp sidder ved bordet hver gang. Der er ingen tilmelding.`,
        },
        {
          key: 'c2-observe',
          phase: 'observe',
          author: 'Ida',
          at: '2026-02-16T15:00:00Z',
          body: `## Observations halfway

Attendance has grown from four to eleven people, but the numbers hide what matters: the same driver every week, Villy's own cup on the shelf, the question "is this for everyone?".

The volunteers are carrying more than we agreed. Fatima now phones everyone who did not come, every Wednesday. Søren writes a note on the back of a receipt roll every Tuesday; it has become our best data.`,
        },
        {
          key: 'c2-reflect',
          phase: 'reflect',
          author: 'Ida og Henrik',
          at: '2026-03-05T12:00:00Z',
          body: `## Hvad lærte piloten os?

Fællesbordet virker, fordi det ikke ligner et kommunalt tilbud. Det virker også, fordi nogen bærer det — og det er især de frivillige og bageren. Kørslen er afgørende: uden taxaen kommer de mest alene ikke.

Udvalget vil gerne fortsætte, men spørger, hvem der »ejer« Fællesbordet. Det spørgsmål kan ikke besvares af kommunen alene.

## Næste skridt

- Styregruppemøde om ejerskab og ansvar (marts).
- Skrive en fælles aftale, hvor hver part formulerer sin egen del.
- Afprøve et bord nummer to i Egebo beboerhus om torsdagen.`,
        },
      ],
    },
    {
      key: 'c3',
      ordinal: 3,
      title: 'Fra pilot til fælles drift',
      focus: 'Gøre Fællesbordet til noget, parterne ejer sammen: en fælles aftale, et bord nummer to i Egebo og fordelt ansvar.',
      status: 'open',
      current_phase: 'reflect',
      started_on: '2026-03-09',
      ended_on: null,
      entries: [
        {
          key: 'c3-plan',
          phase: 'plan',
          author: 'Ida',
          at: '2026-03-10T09:00:00Z',
          body: `## Hvad skal der til, for at det kan leve uden os?

Kørslen er finansieret resten af året. Nu handler det om ansvar: hvem gør hvad, hvem kan sige fra, og hvem ringer, når noget går galt?

Vi holder styregruppemøde den 24. marts og skriver derefter en fælles aftale. Et bord nummer to i Egebo beboerhus afprøves torsdage fra april.`,
        },
        {
          key: 'c3-act',
          phase: 'act',
          author: 'Henrik',
          at: '2026-04-06T08:00:00Z',
          body: `## Aftalen bliver skrevet

Kommunens del er sendt ud: vi betaler kørslen, har en fast kontaktperson og lover at spørge parterne, før vi lover noget til udvalget.

Nabohjælp skriver deres del sammen med besøgsvennerne. Bageriet og taxaselskabet har hver skrevet et kort afsnit. Bordet i Egebo åbner torsdag den 9. april.`,
        },
        {
          key: 'c3-observe',
          phase: 'observe',
          author: 'Ida',
          at: '2026-04-27T14:00:00Z',
          body: `## What changes when it becomes ordinary

The second table in Egebo started slowly. Three people the first Thursday, eight by the third. Anna says the residents call it "Else's table", because Else told everyone about it.

Less visible: the Tuesday table had a quiet morning when the usual volunteer was ill and nobody else came. The agreement names who is responsible, but not who steps in.`,
        },
        {
          key: 'c3-reflect',
          phase: 'reflect',
          author: 'Ida',
          at: '2026-05-18T13:00:00Z',
          body: `## Hvor står vi?

Fællesbordet er ved at blive en vane snarere end et projekt. Det er målet, men det betyder også, at ingen længere føler sig ansvarlig for at lægge mærke til, hvem der mangler.

Den fælles aftale har flyttet noget: Fatima og Poul oplever, at de blev spurgt, ikke pålagt. Henrik siger, at udvalget forstår projektet bedre, fordi aftalen er skrevet med parternes egne ord.

## Næste skridt

- Aftale en afløserordning for værterne, før sommerferien.
- Invitere borgerne til at evaluere med deres egne ord i juni — ikke kun med os som spørgere.
- Ida skriver et udkast til en artikel og sender det til deltagerne, før det sendes videre.`,
        },
      ],
    },
  ],

  notes: [
    {
      key: 'n01',
      cycle: 'c1',
      phase: 'plan',
      title: 'Første samtale med seniorindsatsen',
      place: 'Rådhuset, Egeby, mødelokale 2',
      at: '2025-08-28T08:30:00Z',
      recorded_after: 90,
      body: `Henrik viste mig deltagerlisterne fra aktivitetscentret: næsten de samme navne hver uge i to år. Han sagde det uden forsvar, mere træt end flov.

Han vil gerne have et »projekt«, men siger selv, at ordet nok er en del af problemet. Vi aftalte at starte med at lytte og at invitere hjemmeplejen og Nabohjælp til et opstartsmøde.`,
      stakeholders: ['henrik'],
    },
    {
      key: 'n02',
      cycle: 'c1',
      phase: 'plan',
      title: 'Tal fra sundhedsprofilen (fiktive tal)',
      place: 'Hjemmekontor',
      at: '2025-09-03T12:00:00Z',
      recorded_after: 20,
      body: `Egebys (fiktive) sundhedsprofil: omkring hver femte borger over 75 år svarer, at de ofte er uønsket alene. Andelen er højest blandt dem, der bor alene og ikke har bil.

Tallene siger intet om, hvem de er, eller hvor de er. *Note to self:* numbers like these travel well into council papers, but they flatten the experience. Keep them, but do not start from them.`,
      stakeholders: [],
    },
    {
      key: 'n03',
      cycle: 'c1',
      phase: 'act',
      title: 'Med hjemmeplejen på morgenruten',
      place: 'Østerby, hjemmeplejens rute 4',
      at: '2025-09-16T06:45:00Z',
      recorded_after: 240,
      body: `Jeg fulgte Birgitte på rute 4 fra kl. 7. Ni besøg på tre timer, de fleste under et kvarter.

Hos en ældre mand stod der to kopper på bordet, selvom han bor alene. Han sagde, at han altid dækker op til to, »for en sikkerheds skyld«. Birgitte fortalte bagefter, at hans kone døde for seks år siden, og at hans gamle kolleger fra fabrikken er døde eller flyttet.

Birgitte kender alle ved navn og ved, hvem der har fødselsdag. Men hun har ikke et minut til at sætte sig ned.`,
      stakeholders: ['birgitte'],
      codes: [{ code: 'tab', quote: 'hans gamle kolleger fra fabrikken er døde eller flyttet' }],
    },
    {
      key: 'n04',
      cycle: 'c1',
      phase: 'act',
      title: 'Kaffe i Nabohjælps lokale',
      place: 'Nabohjælp Egeby, lokalet på Kirkevej',
      at: '2025-09-24T13:00:00Z',
      recorded_after: 60,
      body: `Seks besøgsvenner og Poul om et bord med brunsviger. De fleste er selv over 70. Fatima er den yngste og den, der holder styr på vagtplanen.

Der er en venteliste på borgere, som ønsker en besøgsven, men ingen nye frivillige. Poul sagde: »Vi bliver bedt om at løse kommunens problem med de hænder, vi har tilbage.«

Fatima spurgte mig direkte, hvad de frivillige får ud af at være med i forskningen. Jeg havde ikke et godt svar.`,
      stakeholders: ['poul', 'fatima'],
      codes: [{ code: 'ejerskab', quote: 'Vi bliver bedt om at løse kommunens problem med de hænder, vi har tilbage.' }],
    },
    {
      key: 'n05',
      cycle: 'c1',
      phase: 'act',
      title: 'Bageriet kl. 7.15',
      place: 'Egeby Brød & Kage, Torvet',
      at: '2025-10-02T05:15:00Z',
      recorded_after: 45,
      body: `Fra kl. 7 til 8 kom 23 kunder. Mindst seks af dem var ældre, der kom alene, og flere af dem blev stående ved disken og snakkede med Søren, mens andre ventede.

Søren sagde, at han har »stamkunder, der kommer for at få sagt godmorgen til nogen«. Langbordet i hjørnet står tomt indtil kl. 9, hvor mødregruppen kommer.`,
      stakeholders: ['soren'],
      codes: [{ code: 'moedesteder' }],
    },
    {
      key: 'n06',
      cycle: 'c1',
      phase: 'observe',
      title: 'Else viser mig sin kalender',
      place: 'Elses lejlighed, Østerby',
      at: '2025-10-14T12:00:00Z',
      recorded_after: 120,
      body: `Før interviewet viste Else mig sin kalender på køkkenbordet. Mandag: »hjemmeplejen«. Onsdag: »søn ringer«. Resten af oktober var blank, men hun havde skrevet fødselsdage ind for folk, der er døde.

Hun lo lidt, da hun så mig kigge, og sagde, at hun ikke kan nænne at strege dem ud. Hun talte ikke om ensomhed, men hun fik sagt, at hun tager det pæne tøj på i weekenden, også når ingen kommer.`,
      stakeholders: ['else'],
      codes: [
        { code: 'skam', quote: 'Hun talte ikke om ensomhed' },
        { code: 'tab', quote: 'hun havde skrevet fødselsdage ind for folk, der er døde' },
      ],
    },
    {
      key: 'n07',
      cycle: 'c1',
      phase: 'observe',
      title: 'Taxaen som eneste forbindelse',
      place: 'Egeby Taxa, vognmandskontoret',
      at: '2025-10-21T09:00:00Z',
      recorded_after: 30,
      body: `Lise har kunder, der ringer for at bestille en tur til lægen og bliver i telefonen i ti minutter. »Nogle af dem ringer mere for at snakke end for at køre,« sagde hun.

Tirsdag og torsdag formiddag er stille for vognmanden. Hun har tænkt på en fast opsamlingstur, men ved ikke, hvem der skulle betale. Hun bad mig om ikke at skrive navne på kunderne ned, og det gjorde jeg ikke.`,
      stakeholders: ['lise'],
      codes: [{ code: 'transport' }],
    },
    {
      key: 'n08',
      cycle: 'c1',
      phase: 'observe',
      title: 'Villy på biblioteket',
      place: 'Egeby Bibliotek, avishjørnet',
      at: '2025-11-04T09:30:00Z',
      recorded_after: 60,
      body: `Villy læser Egeby Avis og to landsdækkende aviser hver formiddag. Han siger, at han ikke er typen, der går til noget: »Jeg har været til nok møder i mit liv.«

Bibliotekaren sagde bagefter, at han er der hver dag, og at han taler med alle, der sætter sig ved bordet. Han har bare aldrig kaldt det at gå til noget.`,
      stakeholders: ['villy'],
      codes: [{ code: 'moedesteder', quote: 'han taler med alle, der sætter sig ved bordet' }],
    },
    {
      key: 'n09',
      cycle: 'c1',
      phase: 'reflect',
      title: 'Fieldwork memo: what counts as lonely?',
      place: 'Toget mellem Egeby og Odense',
      at: '2025-11-18T15:30:00Z',
      recorded_after: 10,
      body: `Writing on the train home. Nobody I have met in Egeby has said "I am lonely". Else says she is *alone*. Villy says he is *not the type*. The man with the two cups says nothing at all.

If the project is framed as "against loneliness", we ask people to accept a label they have spent years resisting. Maybe the frame should be what people *do* together, not what they lack.`,
      stakeholders: [],
      codes: [{ code: 'skam' }],
    },
    {
      key: 'n10',
      cycle: 'c2',
      phase: 'plan',
      title: 'Idéen om et fællesbord',
      place: 'Egeby Brød & Kage, efter lukketid',
      at: '2025-12-03T16:30:00Z',
      recorded_after: 60,
      body: `Søren og Poul mødtes i bageriet efter lukketid for at forberede workshoppen. Søren nævnte langbordet igen, halvt som en spøg. Poul tog det alvorligt: »Hvis der står et bord, og der er kaffe, så er halvdelen gjort.«

De blev enige om ikke at præsentere det som en færdig idé på workshoppen, men vente og se, om nogen andre kommer på den.`,
      stakeholders: ['soren', 'poul'],
    },
    {
      key: 'n11',
      cycle: 'c2',
      phase: 'plan',
      title: 'Boligforeningen vil gerne være med',
      place: 'Egebo beboerhus',
      at: '2025-12-10T10:00:00Z',
      recorded_after: 30,
      body: `Anna fortalte efter workshoppen, at Egebo har forsøgt med et ugentligt seniortræf, men at det døde, da den ildsjæl, der bar det, flyttede. »Det var hendes, ikke vores,« sagde hun.

Hun vil gerne lægge beboerhuset til, men kun hvis ansvaret deles. Hun er også den første, der har spurgt, hvem der skal lægge mærke til dem, der stopper med at komme.`,
      stakeholders: ['anna'],
      codes: [{ code: 'ejerskab', quote: 'Det var hendes, ikke vores' }],
    },
    {
      key: 'n12',
      cycle: 'c2',
      phase: 'act',
      title: 'Første tirsdag ved Fællesbordet',
      place: 'Egeby Brød & Kage, Torvet',
      at: '2026-01-13T06:30:00Z',
      recorded_after: 120,
      body: `Fire gæster den første tirsdag: Else og to andre fra Østerby med taxaen, og en mand, der bare satte sig. Fatima var vært.

Else havde det pæne tøj på. Hun sagde til Søren, at hun sidst var i bageriet med sin mand, og Søren svarede, at han godt kunne huske dem — de delte altid et wienerbrød. Else blev stille og sagde så: »Det er rart, at nogen husker os som to.«

Lise kom selv forbi kl. 9 for at høre, hvordan turen var gået.`,
      stakeholders: ['soren', 'else', 'fatima', 'lise'],
      codes: [{ code: 'faellesskab', quote: 'Det er rart, at nogen husker os som to.' }, { code: 'moedesteder' }],
    },
    {
      key: 'n13',
      cycle: 'c2',
      phase: 'act',
      title: 'Taxaordningen kører — næsten',
      place: 'Østerby og Torvet',
      at: '2026-01-20T06:10:00Z',
      recorded_after: 90,
      body: `Jeg kørte med på opsamlingsturen. Chaufføren ventede tålmodigt, mens en af gæsterne ledte efter sin nøgle, og hjalp med rollatoren ned ad trappen.

Én borger havde glemt, at det var tirsdag, og var ikke klædt på. Chaufføren sagde: »Så ses vi næste uge, jeg ringer mandag aften og minder dig om det.« Det var ikke aftalt, han fandt selv på det.`,
      stakeholders: ['lise'],
      codes: [{ code: 'transport', quote: 'jeg ringer mandag aften og minder dig om det' }],
    },
    {
      key: 'n14',
      cycle: 'c2',
      phase: 'act',
      title: 'Hvem skriver listen?',
      place: 'Egeby Brød & Kage, Torvet',
      at: '2026-01-27T08:30:00Z',
      recorded_after: 60,
      body: `Fatima har lavet en liste over, hvem der plejer at komme, så besøgsvennerne kan ringe til dem, der ikke kom. Poul var bekymret for, at listen gør bordet til et tilbud, man er »på«.

De blev enige om, at listen kun er Nabohjælps, at den ikke deles med kommunen, og at man kan bede om at komme af den. Fatima: »Det er ikke for at holde øje. Det er for at savne dem.«`,
      stakeholders: ['fatima', 'poul'],
      codes: [{ code: 'ejerskab' }, { code: 'stemme', quote: 'at den ikke deles med kommunen' }],
    },
    {
      key: 'n15',
      cycle: 'c2',
      phase: 'observe',
      title: 'Villy kommer alligevel',
      place: 'Egeby Brød & Kage, Torvet',
      at: '2026-02-03T07:00:00Z',
      recorded_after: 150,
      body: `Søren gav mig sin tirsdagsnote, skrevet på bagsiden af en bonrulle: »9 ved bordet 🥐 Villy kom m. taxa. Sad først alene. Else gav ham en kop. Han blev til kl. 9.«

Villy sagde til mig, at han kun var kommet for at se, hvad det var for noget, »så jeg kan sige nej tak med god samvittighed«. Han blev to timer.`,
      stakeholders: ['villy', 'soren'],
      codes: [{ code: 'faellesskab', quote: 'Else gav ham en kop.' }],
    },
    {
      key: 'n16',
      cycle: 'c2',
      phase: 'observe',
      title: 'Birgitte tager en borger med',
      place: 'Egeby Brød & Kage, Torvet',
      at: '2026-02-10T06:50:00Z',
      recorded_after: 60,
      body: `Birgitte havde fri, men kom alligevel med en borger fra sin rute, som ikke tør køre i taxa med fremmede. Hun sad ved bordet i tyve minutter og gik så.

Bagefter sagde hun, at hun ikke kan gøre det igen, fordi »så bliver det en del af jobbet, som ingen har givet mig tid til«. Hun vil gerne have, at hjemmeplejen kan henvise til bordet, uden at det er dem, der følger folk derhen.`,
      stakeholders: ['birgitte', 'else'],
      codes: [{ code: 'ejerskab', quote: 'så bliver det en del af jobbet, som ingen har givet mig tid til' }],
    },
    {
      key: 'n17',
      cycle: 'c2',
      phase: 'observe',
      title: 'Tællinger og det, man ikke kan tælle',
      place: 'Hjemmekontor',
      at: '2026-02-24T13:00:00Z',
      recorded_after: 15,
      body: `Gæster pr. tirsdag: 4, 6, 7, 9, 8, 11, 10. I alt 23 forskellige personer; 9 kommer med taxaen.

What the counts do not show: Villy's cup, the driver's Monday phone calls, that Else now phones two of the others herself. Henrik needs "a number and a story" for the committee. I worry that the story will be chosen because it fits the number.`,
      stakeholders: [],
    },
    {
      key: 'n18',
      cycle: 'c2',
      phase: 'reflect',
      title: 'Efter evalueringsmødet med Henrik',
      place: 'Rådhuset, Henriks kontor',
      at: '2026-03-03T14:00:00Z',
      recorded_after: 45,
      body: `Henrik har fremlagt piloten for udvalget med tallene og Elses sætning om at blive husket »som to« (med hendes tilladelse). Udvalget vil betale kørslen resten af året.

Men formanden spurgte, hvem der ejer Fællesbordet, og Henrik kunne ikke svare. Han sagde til mig: »Hvis jeg siger kommunen, er det forkert. Hvis jeg siger foreningen, er det uansvarligt.«`,
      stakeholders: ['henrik'],
      codes: [{ code: 'ejerskab', quote: 'Hvis jeg siger kommunen, er det forkert.' }],
    },
    {
      key: 'n19',
      cycle: 'c3',
      phase: 'plan',
      title: 'Budgettet er ikke problemet',
      place: 'Rådhuset, Henriks kontor',
      at: '2026-03-12T09:00:00Z',
      recorded_after: 30,
      body: `Henrik og jeg gennemgik styregruppemødet. Pengene til kørslen er der. Det, der mangler, er en måde at beskrive ansvar på, som ikke ender med, at kommunen bestemmer, og de frivillige udfører.

Vi talte om at lade hver part skrive sin egen del af en aftale. Henrik var nervøs for, at juristerne ikke vil kunne lide det.`,
      stakeholders: ['henrik'],
      codes: [{ code: 'ejerskab' }],
    },
    {
      key: 'n20',
      cycle: 'c3',
      phase: 'plan',
      title: 'Fatima siger fra',
      place: 'Nabohjælp Egeby, lokalet på Kirkevej',
      at: '2026-03-19T17:00:00Z',
      recorded_after: 60,
      body: `Fatima ringede og bad om at mødes inden styregruppemødet. Hun er træt. Hun har ringet til alle, der ikke kom, hver onsdag i otte uger, og hun har hørt fra andre, at Fællesbordet blev fremlagt for udvalget som »kommunens nye tilbud«.

»Jeg vil gerne fortsætte, men jeg vil ikke være gratis arbejdskraft,« sagde hun. Poul nikkede og sagde ingenting, hvilket er usædvanligt for Poul.`,
      stakeholders: ['fatima', 'poul'],
      codes: [{ code: 'stemme', quote: 'Fællesbordet blev fremlagt for udvalget som »kommunens nye tilbud«' }],
    },
    {
      key: 'n21',
      cycle: 'c3',
      phase: 'act',
      title: 'Fællesbord nummer to: Egebo beboerhus',
      place: 'Egebo beboerhus',
      at: '2026-04-09T08:00:00Z',
      recorded_after: 90,
      body: `Første torsdag i beboerhuset. Tre gæster og Anna. Det er et andet rum end bageriet: stille, lidt for stort, ingen lyd af kaffemaskine.

Villy kom med for at »vise dem, hvordan man gør«. Han flyttede to borde sammen, så det lignede bageriets langbord, og satte sig for enden.`,
      stakeholders: ['anna', 'villy'],
      codes: [{ code: 'moedesteder', quote: 'så det lignede bageriets langbord' }],
    },
    {
      key: 'n22',
      cycle: 'c3',
      phase: 'act',
      title: 'Lise kører selv',
      place: 'Egeby Taxa, vogn 3',
      at: '2026-04-14T06:05:00Z',
      recorded_after: 120,
      body: `Den faste chauffør var syg, så Lise kørte selv opsamlingsturen. Else sad foran og forklarede vejen, selvom Lise har kørt i Egeby i 25 år.

Lise sagde bagefter, at hun forstår chaufføren bedre nu: »Det er ikke en tur, det er en morgen, man er med til at starte.«`,
      stakeholders: ['lise', 'else'],
      codes: [{ code: 'transport', quote: 'Det er ikke en tur, det er en morgen, man er med til at starte.' }],
    },
    {
      key: 'n23',
      cycle: 'c3',
      phase: 'observe',
      title: 'Stille morgen',
      place: 'Egeby Brød & Kage, Torvet',
      at: '2026-04-28T06:30:00Z',
      recorded_after: 60,
      body: `Den faste besøgsven var syg, og der kom ingen afløser. Fem gæster sad ved bordet, men ingen tog imod dem, der kom ind. En ny gæst stod ved døren og gik igen.

Søren så det, men stod alene i butikken. Han sagde: »Jeg kan bage, og jeg kan byde godmorgen. Men jeg kan ikke gå fra disken.«`,
      stakeholders: ['soren'],
    },
    {
      key: 'n24',
      cycle: 'c3',
      phase: 'observe',
      title: 'Else holder tale',
      place: 'Egebo beboerhus',
      at: '2026-05-07T08:30:00Z',
      recorded_after: 60,
      body: `Det var Elses 85-års fødselsdag, og Anna havde sørget for lagkage. Else rejste sig og holdt en kort tale: »Sidste efterår var min kalender tom. Nu skal jeg sige nej tak til noget.«

Villy sagde, at det var det første, han havde hørt hende brokke sig over. Alle lo. Jeg stod ved døren med min notesbog og følte mig pludselig som en gæst, der var blevet for længe — og samtidig som en af dem.`,
      stakeholders: ['else', 'anna', 'villy'],
      codes: [{ code: 'faellesskab', quote: 'Nu skal jeg sige nej tak til noget.' }],
    },
    {
      key: 'n25',
      cycle: 'c3',
      phase: 'reflect',
      title: 'Notes for the paper: co-production as hosting',
      place: 'Universitetsbiblioteket',
      at: '2026-05-19T11:00:00Z',
      recorded_after: 5,
      body: `Working title: *Co-production as hosting: a bakery table, a taxi route and the question of who notices.*

The literature frames co-production as sharing power and resources. In Egeby, what was shared most concretely was *hosting*: someone who says good morning, someone who phones on Wednesday, someone who remembers a couple as two. Hosting is invisible labour, and it landed on volunteers and a baker. The agreement made it visible; it has not yet made it shared.`,
      stakeholders: [],
      codes: [{ code: 'samskabelse' }],
    },
  ],

  dialogues: [
    {
      key: 'd1',
      cycle: 'c1',
      phase: 'plan',
      kind: 'meeting',
      title: 'Opstartsmøde: Hvad ved vi om ensomhed i Egeby?',
      at: '2025-09-09T08:00:00Z',
      place: 'Rådhuset, Egeby, mødelokale 2',
      participants: ['henrik', 'birgitte', 'poul', 'ida'],
      summary:
        'Opstartsmøde mellem seniorindsatsen, hjemmeplejen, Nabohjælp Egeby og følgeforskeren. Vi delte, hvad vi ved og ikke ved om ensomhed ' +
        'blandt ældre i Egeby, og hvad hver part realistisk kan bære. Poul mindede os om, at de frivillige også er gamle, og Birgitte om, at ' +
        'hjemmeplejen ikke har minutter til overs.',
      decisions:
        '- Første cyklus bruges på at lytte: interviews, følgeskab på ruter og observation på mødesteder.\n' +
        '- Det fælles spørgsmål: Hvordan kan vi sammen skabe fællesskaber, som de mest alene faktisk bruger, og som parterne kan bære?',
      follow_ups:
        '- Ida laver en samtaleguide (uge 38).\n- Birgitte spørger tre borgere på sin rute, om de vil interviewes.\n- Poul inviterer Ida til kaffe i Nabohjælp.',
      turns: [
        {
          speaker: 'henrik',
          text: 'Tak fordi I ville komme. Baggrunden er enkel: Vi ved fra sundhedsprofilen, at mange ældre i Egeby er meget alene, men vores tilbud bliver ikke brugt af dem, vi gerne vil nå. Aktivitetscentret er fyldt med de samme tyve mennesker hver uge.',
        },
        {
          speaker: 'birgitte',
          text: 'Det kan jeg genkende fra ruten. Dem, der er mest alene, siger sjældent, at de er ensomme. De siger, at de har travlt med fjernsynet, eller at datteren ringer om søndagen.',
          codes: [{ code: 'skam', quote: 'Dem, der er mest alene, siger sjældent, at de er ensomme.' }],
        },
        {
          speaker: 'ida',
          text: 'Må jeg spørge, hvad I hver især håber, der kommer ud af det her? Jeg vil gerne undgå, at jeg bare kommer udefra og skriver en rapport om jer.',
        },
        {
          speaker: 'poul',
          text: 'Jeg håber, at kommunen for en gangs skyld lytter til foreningerne, før beslutningen er truffet. Vi har tolv besøgsvenner og en venteliste med borgere, vi ikke kan nå.',
        },
        {
          speaker: 'henrik',
          text: 'Det er fair. Jeg kan ikke love penge, men jeg kan love, at vi ikke har besluttet noget endnu.',
        },
        {
          speaker: 'poul',
          text: 'Og så skal I huske, at vi frivillige også er gamle. Halvdelen af vores besøgsvenner er over 70. Vi er ikke en ressource, man bare kan hente ud af et skab.',
          codes: [{ code: 'stemme', quote: 'Vi er ikke en ressource, man bare kan hente ud af et skab.' }],
        },
        {
          speaker: 'birgitte',
          text: 'Jeg har ikke tid til mere i min arbejdsdag. Hvis det her bliver en ekstra opgave for hjemmeplejen, bliver det ikke til noget.',
          codes: [{ code: 'ejerskab' }],
        },
        {
          speaker: 'ida',
          text: 'Så det, vi skal undersøge, er ikke kun, hvad borgerne mangler, men hvad der er realistisk for jer hver især at bære. Kan vi skrive det ind i det fælles spørgsmål?',
        },
        {
          speaker: 'henrik',
          text: 'Ja. Og lad os starte med at lytte i et par måneder, før vi opfinder noget.',
        },
        {
          speaker: 'poul',
          text: 'Så længe det ikke bliver et år. Folk sidder derhjemme, mens vi lytter.',
        },
      ],
    },
    {
      key: 'd2',
      cycle: 'c1',
      phase: 'observe',
      kind: 'interview',
      title: 'Interview med Else om hverdagen',
      at: '2025-10-14T12:30:00Z',
      place: 'Elses lejlighed, Østerby',
      participants: ['else', 'ida'],
      summary:
        'Semistruktureret interview med Else (84) om ugens rytme, om at blive alene efter mandens død og om, hvad der skulle til for at komme ud. ' +
        'Else nævnte selv bageriet som det sted, hvor hun og hendes mand mødte andre, og sagde, at hun ville komme, hvis nogen hentede hende.',
      decisions: '- Else giver samtykke til pseudonymiserede citater, men ikke til billeder.',
      follow_ups:
        '- Ida sender Else et takkebrev og et resumé i stor skrift.\n- Spørg Søren i bageriet, om der er plads til et fast bord om morgenen.',
      turns: [
        { speaker: 'ida', text: 'Tak fordi jeg må komme. Vil du fortælle lidt om, hvordan en almindelig uge ser ud for dig?' },
        {
          speaker: 'else',
          text: 'Almindelig? Mandag kommer hjemmeplejen, tirsdag handler jeg, hvis benene vil. Onsdag ringer min søn fra Aarhus. Resten af ugen er der radioen.',
          codes: [{ code: 'tab', quote: 'Resten af ugen er der radioen.' }],
        },
        { speaker: 'ida', text: 'Og weekenden?' },
        {
          speaker: 'else',
          text: 'Weekenden er den værste. Så er der ingen, der kommer. Jeg tager det pæne tøj på alligevel, for man skal jo ikke gå i forfald.',
          codes: [{ code: 'ensomhed', quote: 'Weekenden er den værste.' }],
        },
        { speaker: 'ida', text: 'Hvad betyder det for dig at tage det pæne tøj på?' },
        {
          speaker: 'else',
          text: 'At jeg stadig er et menneske, der kunne få besøg. Det lyder fjollet, når jeg siger det højt.',
        },
        { speaker: 'ida', text: 'Det lyder slet ikke fjollet. Hvor mødte du mennesker, før du blev alene?' },
        {
          speaker: 'else',
          text: 'Hos bageren, faktisk. Min mand og jeg gik derned hver lørdag og delte et wienerbrød. Jeg har ikke været der, siden han døde. Det er ikke noget, man går alene til.',
          codes: [{ code: 'moedesteder', quote: 'Hos bageren, faktisk.' }, { code: 'skam', quote: 'Det er ikke noget, man går alene til.' }],
        },
        { speaker: 'ida', text: 'Hvis der stod et bord dér, hvor man kunne sidde sammen med andre, ville du så komme?' },
        {
          speaker: 'else',
          text: 'Måske. Hvis nogen hentede mig. Og hvis det ikke hed noget med ensomhed. Jeg er ikke ensom, jeg er bare alene.',
          codes: [{ code: 'transport', quote: 'Hvis nogen hentede mig.' }, { code: 'skam', quote: 'Jeg er ikke ensom, jeg er bare alene.' }],
        },
      ],
    },
    {
      key: 'd3',
      cycle: 'c2',
      phase: 'plan',
      kind: 'workshop',
      title: 'Workshop: Hvad skal der til for at komme ud af døren?',
      at: '2025-12-09T13:00:00Z',
      place: 'Egebo beboerhus, salen',
      participants: ['else', 'villy', 'poul', 'fatima', 'soren', 'lise', 'birgitte', 'anna', 'ida'],
      summary:
        'Workshop med borgere, frivillige, bageriet, taxaselskabet, hjemmeplejen og boligforeningen om, hvad der holder folk hjemme, og hvad ' +
        'der skal til for at komme ud af døren en almindelig tirsdag. Idéen om et åbent bord i bageriet om morgenen med fast kørsel opstod i rummet, ' +
        'og Else gav det navnet Fællesbordet.',
      decisions:
        '- Vi afprøver Fællesbordet hos Egeby Brød & Kage tirsdage kl. 7.30–9.00 i januar og februar.\n' +
        '- Egeby Taxa laver en opsamlingstur; seniorindsatsen betaler en fast pris i pilotperioden.\n' +
        '- Bordet er åbent for alle: ingen visitation og ingen tilmelding.',
      follow_ups:
        '- Henrik afklarer betalingen for kørslen inden jul.\n- Fatima laver en vagtplan for besøgsvenner.\n' +
        '- Søren og Lise aftaler afhentningstider.\n- Ida skriver et kort referat i stor skrift til alle deltagere.',
      turns: [
        {
          speaker: 'ida',
          text: 'Velkommen allesammen. I dag skal vi ikke løse noget. Vi skal finde ud af, hvad der skal til for at komme ud af døren en almindelig tirsdag. Ingen svar er forkerte.',
        },
        {
          speaker: 'villy',
          text: 'Jeg kan sige det kort: Der skal være en grund. Jeg går ikke ud for at blive aktiveret.',
          codes: [{ code: 'stemme', quote: 'Jeg går ikke ud for at blive aktiveret.' }],
        },
        { speaker: null, text: 'Og det må ikke koste en formue. Pensionen rækker ikke til café hver uge.' },
        {
          speaker: 'soren',
          text: 'Hos mig står der et langbord i hjørnet, som ingen bruger før klokken ni. Det kunne man da låne. Kaffen kan jeg godt stå for, hvis nogen tager opvasken.',
          codes: [{ code: 'moedesteder' }],
        },
        {
          speaker: 'else',
          text: 'Jeg ville gerne komme til bageren igen. Men jeg kan ikke gå så langt med rollatoren, når der er glat.',
          codes: [{ code: 'transport', quote: 'jeg kan ikke gå så langt med rollatoren, når der er glat' }],
        },
        {
          speaker: 'lise',
          text: 'Vi kører allerede mange af jer til lægen. Tirsdag formiddag er stille for os. Hvis kommunen kan betale en fast pris, kan vi lave en opsamlingstur.',
          codes: [{ code: 'transport', quote: 'kan vi lave en opsamlingstur' }],
        },
        {
          speaker: 'birgitte',
          text: 'Jeg kender mindst fem på min rute, der ville komme, hvis de blev hentet. Men det skal ikke være hjemmeplejen, der følger dem. Vi har ikke minutterne.',
        },
        {
          speaker: 'fatima',
          text: 'Vi kan have en besøgsven ved bordet hver gang, så ingen sidder alene den første gang. Men vi skal vide nogenlunde, hvem der kommer, ellers er det svært at planlægge.',
        },
        { speaker: null, text: 'Må man så tage sin nabo med, selvom hun ikke står på nogen liste?' },
        {
          speaker: 'anna',
          text: 'Det må man da. I Egebo har vi lært, at lister skræmmer folk væk. Det skal være åbent, ellers bliver det et tilbud, man skal visiteres til.',
          codes: [{ code: 'stemme', quote: 'lister skræmmer folk væk' }],
        },
        {
          speaker: 'poul',
          text: 'Så lad os kalde det noget andet end et projekt. Noget, man har lyst til at sige højt.',
        },
        { speaker: 'else', text: 'Fællesbordet. Så ved man, hvad det er.', codes: [{ code: 'faellesskab' }] },
      ],
    },
    {
      key: 'd4',
      cycle: 'c2',
      phase: 'act',
      kind: 'co_creation',
      title: 'Samskabelse: Vi designer Fællesbordet',
      at: '2026-01-08T15:00:00Z',
      place: 'Egeby Brød & Kage, baglokalet',
      participants: ['soren', 'lise', 'poul', 'fatima', 'henrik', 'ida'],
      summary:
        'Samskabelsesmøde om Fællesbordets praktik: kørsel, værtskab, skiltning, opfølgning på dem, der ikke kommer, og hvad vi vil lægge mærke til ' +
        'undervejs. Søren insisterede på, at gæsterne skal kunne købe noget selv, så de er gæster og ikke klienter.',
      decisions:
        '- Fast taxarute med samme chauffør; seniorindsatsen betaler i otte uger.\n- Kaffen er gratis (bageriet giver), brød køber man selv.\n' +
        '- Besøgsvenner ringer om onsdagen til dem, der ikke kom.\n- Søren skriver en kort tirsdagsnote; Ida samler observationer.',
      follow_ups: '- Fatima laver et skilt uden kommunens logo.\n- Lise briefer chaufføren.\n- Ida laver en enkel logbog til Søren.',
      turns: [
        {
          speaker: 'henrik',
          text: 'Jeg har fået lov til at betale kørslen i otte uger. Det er ikke mange penge, men det er penge, der ikke skal søges.',
        },
        {
          speaker: 'lise',
          text: 'Så kan vi køre en fast rute: Østerby kl. 7.10, Egebo kl. 7.20 og hjem igen kl. 9.05. Chaufføren bliver den samme hver gang, det betyder meget for de ældre.',
          codes: [{ code: 'transport', quote: 'Chaufføren bliver den samme hver gang' }],
        },
        {
          speaker: 'soren',
          text: 'Jeg har tænkt over det. Hvis folk skal føle, at de er gæster og ikke klienter, så skal de kunne købe noget selv. Men kaffen er gratis. Kaffen er min.',
          codes: [{ code: 'stemme', quote: 'Hvis folk skal føle, at de er gæster og ikke klienter, så skal de kunne købe noget selv.' }],
        },
        {
          speaker: 'fatima',
          text: 'Kan vi lave et lille skilt på bordet? Ikke med kommunens logo. Bare »Fællesbordet – sæt dig bare«.',
        },
        {
          speaker: 'poul',
          text: 'Og hvem ringer til dem, der ikke kommer? Det er der, vi plejer at miste folk.',
          codes: [{ code: 'ejerskab', quote: 'Det er der, vi plejer at miste folk.' }],
        },
        {
          speaker: 'fatima',
          text: 'Besøgsvennerne kan ringe om onsdagen. Ikke for at kontrollere, men for at sige, at vi savnede dem.',
        },
        {
          speaker: 'ida',
          text: 'Skal vi aftale, hvad vi gerne vil lægge mærke til undervejs? Jeg tænker ikke kun på, hvor mange der kommer, men på hvad der sker ved bordet.',
        },
        {
          speaker: 'soren',
          text: 'Jeg står bag disken og hører det hele. Jeg kan godt skrive et par ord ned hver tirsdag, hvis det må være kort.',
        },
        { speaker: 'henrik', text: 'Jeg skal kunne sige noget til udvalget i marts. Et tal og en historie, helst.' },
        {
          speaker: 'lise',
          text: 'Så lad chaufføren fortælle en af historierne. Han ser dem, før nogen andre gør.',
        },
      ],
    },
    {
      key: 'd5',
      cycle: 'c2',
      phase: 'observe',
      kind: 'informal',
      title: 'Snak ved Fællesbordet en tirsdag i februar',
      at: '2026-02-17T07:45:00Z',
      place: 'Egeby Brød & Kage, Torvet',
      participants: ['villy', 'soren', 'fatima', 'ida'],
      summary:
        'Uformel snak ved Fællesbordet, skrevet ned af Ida bagefter med deltagernes accept. Villy fortalte, hvorfor han kom første gang, ' +
        'og en forbipasserende spurgte, om bordet var for alle. Villy kaldte dem ved bordet »bare nogen, der sidder her«.',
      decisions: '- Søren sætter et skilt i vinduet: »Fællesbordet – tirsdag 7.30–9. Alle er velkomne.«',
      follow_ups: '- Fatima spørger den nye gæst, om hun vil hentes af taxaen næste gang.',
      turns: [
        {
          speaker: 'villy',
          text: 'Nå, der er hun igen med sin notesbog. Skriver du ned, hvor mange wienerbrød jeg spiser?',
        },
        { speaker: 'ida', text: 'Jeg skriver ned, at du griner. Det er mere interessant.' },
        {
          speaker: 'villy',
          text: 'Jeg kom kun første gang, fordi taxaen holdt uden for døren, og det ville være uhøfligt at sende den tom tilbage. Nu kommer jeg, fordi Else skylder mig en revanche i kortspil.',
          codes: [{ code: 'transport', quote: 'fordi taxaen holdt uden for døren' }],
        },
        { speaker: 'soren', text: 'Han har fået sin egen kop. Den står på hylden bag disken.' },
        {
          speaker: null,
          text: 'Er det her for alle? Jeg er gået forbi tre tirsdage og har ikke turdet spørge.',
          codes: [{ code: 'skam', quote: 'Jeg er gået forbi tre tirsdage og har ikke turdet spørge.' }],
        },
        { speaker: 'fatima', text: 'Det er for alle. Sæt dig bare, jeg henter en kop.' },
        {
          speaker: 'villy',
          text: 'Hun tror, vi er en forening. Vi er bare nogen, der sidder her.',
          codes: [{ code: 'faellesskab', quote: 'Vi er bare nogen, der sidder her.' }],
        },
        { speaker: 'soren', text: 'Det er det bedste, nogen har sagt om mit bageri i tyve år.' },
      ],
    },
    {
      key: 'd6',
      cycle: 'c3',
      phase: 'plan',
      kind: 'meeting',
      title: 'Styregruppemøde: Hvem ejer Fællesbordet?',
      at: '2026-03-24T09:00:00Z',
      place: 'Rådhuset, Egeby, mødelokale 2',
      participants: ['henrik', 'poul', 'soren', 'lise', 'anna', 'fatima', 'ida'],
      summary:
        'Styregruppemøde efter piloten. Kørslen er finansieret resten af året, og udvalget spørger, hvem der ejer Fællesbordet. ' +
        'Vi drøftede de frivilliges grænser, et bord nummer to i Egebo og en fælles aftale, hvor hver part skriver sin egen del.',
      decisions:
        '- Fællesbordet fortsætter tirsdage i bageriet; et bord nummer to afprøves torsdage i Egebo beboerhus fra april.\n' +
        '- Parterne skriver en fælles aftale, hvor hver part formulerer sin egen del. Kommunen skriver først.',
      follow_ups:
        '- Henrik sender kommunens del inden 3. april.\n- Poul og Fatima skriver Nabohjælps del sammen med besøgsvennerne.\n' +
        '- Anna booker beboerhuset om torsdagen.\n- Lise udpeger en kontaktperson og en afløser.',
      turns: [
        {
          speaker: 'henrik',
          text: 'Udvalget var glade for piloten. Det gode er, at der er penge til kørslen resten af året. Det svære er, at de spørger, hvem der ejer Fællesbordet.',
        },
        {
          speaker: 'poul',
          text: 'Hvis svaret er kommunen, så dør det. Folk kommer, fordi det ikke er kommunens.',
          codes: [{ code: 'ejerskab', quote: 'Folk kommer, fordi det ikke er kommunens.' }],
        },
        {
          speaker: 'soren',
          text: 'Det er heller ikke mit. Jeg lægger bord og kaffe til, men jeg kan ikke være den, der holder styr på det hele.',
        },
        {
          speaker: 'fatima',
          text: 'Vi frivillige har båret det meste i otte uger. Jeg vil gerne fortsætte, men jeg vil ikke være gratis arbejdskraft for et kommunalt projekt. Det er en forskel, der betyder noget for mig.',
          codes: [{ code: 'stemme', quote: 'jeg vil ikke være gratis arbejdskraft for et kommunalt projekt' }],
        },
        { speaker: 'henrik', text: 'Det hører jeg. Hvad ville gøre forskellen for dig?' },
        {
          speaker: 'fatima',
          text: 'At vi bliver spurgt, før der bliver lovet noget til udvalget. Og at der står i aftalen, hvad kommunen gør, og ikke kun, hvad vi gør.',
        },
        {
          speaker: 'anna',
          text: 'I Egebo vil vi gerne lave et bord nummer to i beboerhuset om torsdagen. Men så skal ansvaret være delt mellem flere, ellers knækker det.',
          codes: [{ code: 'ejerskab', quote: 'ansvaret være delt mellem flere' }],
        },
        {
          speaker: 'lise',
          text: 'Vi kan køre begge dage. Men vi skal have en kontaktperson, der ikke er på ferie hele juli.',
        },
        {
          speaker: 'ida',
          text: 'Kan vi prøve at skrive en fælles aftale, hvor hver part skriver sin egen del med egne ord? Så er det ikke kommunen, der definerer de andres ansvar.',
        },
        { speaker: 'henrik', text: 'Ja. Og jeg skriver kommunens del først, så I kan se, at vi også forpligter os.' },
      ],
    },
  ],

  reflections: [
    {
      key: 'r01',
      cycle: 'c1',
      phase: 'observe',
      mode: 'withness',
      title: 'Elses kalender og min egen travlhed',
      at: '2025-10-15T07:30:00Z',
      body: `Jeg kom til Else med en samtaleguide og et tidsvindue på en time. Hun havde ventet hele formiddagen og havde dækket op med de gode kopper.

Da hun sagde, at hun tager det pæne tøj på for at være »et menneske, der kunne få besøg«, mærkede jeg, at jeg *var* besøget. Ikke forskeren, der kom for at indsamle data, men den, der ringede på døren den dag. Det forpligter anderledes.

Jeg vil prøve at komme til interviews uden uret på bordet, og at lade folk vise mig deres ting, før jeg stiller spørgsmål.`,
      links: [
        { target: { turn: ['d2', 5] }, quote: 'At jeg stadig er et menneske, der kunne få besøg.', comment: 'Det var her, jeg holdt op med at tænke på guiden.' },
        { target: { note: 'n06' }, quote: 'hun ikke kan nænne at strege dem ud' },
      ],
    },
    {
      key: 'r02',
      cycle: 'c1',
      phase: 'reflect',
      mode: 'aboutness',
      title: 'Three ways of being alone in the material',
      at: '2025-11-20T10:00:00Z',
      body: `Reading across the first cycle's notes, three patterns can be distinguished:

1. **Loss of a couple-world**: rituals that were shared (two cups, a Saturday pastry) continue or stop, but the other person is missing.
2. **Refusal of the label**: people describe themselves as alone, busy or "not the type", never as lonely. The label carries shame.
3. **Unnamed meeting places**: the library table and the bakery counter work as meeting places precisely because nobody calls them that.

These are analytic categories for the team's discussion, not diagnoses of individuals.`,
      links: [
        { target: { note: 'n03' }, quote: 'han altid dækker op til to', comment: 'Loss of a couple-world.' },
        { target: { note: 'n08' }, comment: 'Unnamed meeting place.' },
        { target: { turn: ['d1', 1] }, quote: 'Dem, der er mest alene, siger sjældent, at de er ensomme.', comment: 'Refusal of the label, seen from frontline work.' },
      ],
    },
    {
      key: 'r03',
      cycle: 'c1',
      phase: 'reflect',
      mode: 'withness',
      title: 'Da Poul sagde, at de frivillige også er gamle',
      at: '2025-11-25T19:00:00Z',
      body: `Jeg havde, uden at vide det, tænkt på de frivillige som »ressourcen« i projektet. Da Poul sagde sin sætning om skabet, blev der stille, og jeg kunne mærke, at han talte lige så meget til mig som til Henrik.

Da Fatima senere spurgte, hvad de frivillige får ud af forskningen, stod jeg med den samme forlegenhed. Jeg er en del af det, han advarede imod, hvis jeg kun tager.

Jeg har lovet Nabohjælp at skrive korte, læsbare opsamlinger til dem efter hver cyklus. Det er et lille svar, men et begyndende svar.`,
      links: [
        { target: { turn: ['d1', 5] }, quote: 'vi frivillige også er gamle', comment: 'Sagt til os alle, men også til mig.' },
        { target: { note: 'n04' }, quote: 'Jeg havde ikke et godt svar.' },
      ],
    },
    {
      key: 'r04',
      cycle: 'c1',
      phase: 'reflect',
      mode: 'aboutness',
      title: 'Hvad cyklus 1 lærte os om rammen',
      at: '2025-11-27T09:00:00Z',
      body: `Første cyklus ændrede projektets ramme. Vi startede med et spørgsmål om ensomhed og endte med et spørgsmål om anledninger og adgang: en grund til at gå ud og en måde at komme derhen.

Det har konsekvenser for, hvordan vi inviterer til workshoppen: Vi inviterer ikke »ensomme ældre«, men borgere, som kender Egeby, og vi lader dem beskrive barriererne med deres egne ord.`,
      links: [
        { target: { entry: 'c1-reflect' }, quote: 'Ensomhed er ikke et ord, folk bruger om sig selv.' },
        { target: { reflection: 'r02' }, comment: 'Bygger på de tre mønstre.' },
      ],
    },
    {
      key: 'r05',
      cycle: 'c2',
      phase: 'plan',
      mode: 'withness',
      title: 'At blive talt om i tredje person',
      at: '2025-12-10T08:00:00Z',
      body: `Midt i workshoppen spurgte en stemme, jeg ikke kunne se, om man måtte tage sin nabo med, »selvom hun ikke står på nogen liste«. Jeg genkendte spørgsmålet. Det er den slags, man stiller, når man har været på en liste selv.

Jeg havde lavet bordopstillingen, så borgerne sad sammen og »fagfolkene« sammen. Det gjorde det let for os at tale *om* dem. Næste gang blander vi bordene.

Det var Else, der gav bordet navn. Jeg lagde mærke til, at ingen af os professionelle prøvede at forbedre det.`,
      links: [
        { target: { turn: ['d3', 8] }, quote: 'selvom hun ikke står på nogen liste', comment: 'Taleren er ukendt; jeg sad med ryggen til.' },
        { target: { dialogue: 'd3' }, quote: 'Else gav det navnet Fællesbordet' },
      ],
    },
    {
      key: 'r06',
      cycle: 'c2',
      phase: 'act',
      mode: 'withness',
      title: 'Søren husker dem som to',
      at: '2026-01-14T06:00:00Z',
      body: `Jeg sad ved siden af Else, da Søren sagde, at han huskede hende og hendes mand. Jeg havde ikke planlagt det øjeblik, og jeg kunne ikke have designet det. Det kom, fordi Søren har stået bag den samme disk i tyve år.

Han sagde i samskabelsesmødet, at folk skal være gæster og ikke klienter. Den første tirsdag forstod jeg, hvad han mente: Else blev mødt som kunde, ikke som sag. Mit arbejde her er mest at lade være med at gøre det til et projekt.`,
      links: [
        { target: { note: 'n12' }, quote: 'Det er rart, at nogen husker os som to.' },
        { target: { turn: ['d4', 2] }, quote: 'gæster og ikke klienter' },
      ],
    },
    {
      key: 'r07',
      cycle: 'c2',
      phase: 'observe',
      mode: 'aboutness',
      title: 'Transport as an infrastructure of belonging',
      at: '2026-02-25T09:00:00Z',
      body: `The taxi route is usually described as logistics: getting people with limited mobility from A to B. The material suggests it does more. The same driver every week, the Monday reminder call he invented himself, the minutes spent finding a key — these are acts of recognition before anyone reaches the table.

Analytically, transport here works as an *infrastructure of belonging*: a paid service in which relational work happens that no contract describes. This matters for the agreement in cycle 3: if the route is re-tendered on price, the relational part disappears without anyone deciding to remove it.`,
      links: [
        { target: { note: 'n13' }, quote: 'Det var ikke aftalt, han fandt selv på det.' },
        { target: { note: 'n07' } },
        { target: { turn: ['d4', 1] }, comment: 'Lise already knew that the same driver matters.' },
      ],
    },
    {
      key: 'r08',
      cycle: 'c2',
      phase: 'observe',
      mode: 'withness',
      title: 'Villy’s joke, which was not only a joke',
      at: '2026-02-18T07:00:00Z',
      body: `Villy teases me about my notebook every Tuesday now, and I have started to look forward to it. When he said he only came the first time because it would be rude to send the taxi back empty, everyone laughed, and so did I.

Writing it down afterwards I felt the weight of it. He needed a reason that was not about needing anyone. The taxi gave him one. Søren's receipt note says Else handed him a cup; he stayed until nine.

I want to protect that kind of reason in what we build: an excuse to come that lets people keep their dignity.`,
      links: [
        { target: { turn: ['d5', 2] }, quote: 'det ville være uhøfligt at sende den tom tilbage' },
        { target: { note: 'n15' }, quote: 'Else gav ham en kop.', comment: 'From Søren’s note on the receipt roll.' },
        { target: { turn: ['d5', 0] } },
      ],
    },
    {
      key: 'r09',
      cycle: 'c2',
      phase: 'reflect',
      mode: 'aboutness',
      title: 'Evaluering af piloten: hvad tæller vi, og hvad tæller?',
      at: '2026-03-04T10:00:00Z',
      body: `Piloten kan beskrives med tal: fra 4 til 11 gæster, 23 forskellige personer, 9 med taxa. Tallene er nyttige for udvalget, men de måler deltagelse, ikke det, parterne selv peger på som virkningen: at blive genkendt, at have en grund, at blive savnet.

Forslag til evalueringen i cyklus 3: Vi beholder de enkle tællinger, men supplerer med korte fortællinger, som deltagerne selv vælger, og med Sørens tirsdagsnoter. Det er en bevidst måde at lade flere stemmer bestemme, hvad der tæller.`,
      links: [
        { target: { note: 'n17' }, quote: 'I worry that the story will be chosen because it fits the number.' },
        { target: { dialogue: 'd5' } },
        { target: { reflection: 'r07' } },
      ],
    },
    {
      key: 'r10',
      cycle: 'c3',
      phase: 'plan',
      mode: 'withness',
      title: 'Hvem taler, når vi taler om ejerskab?',
      at: '2026-03-25T08:00:00Z',
      body: `På styregruppemødet sagde Fatima højt det, hun havde sagt til mig i telefonen ugen før. Jeg lagde mærke til min egen lettelse: at det ikke var mig, der skulle bære hendes kritik ind i rummet.

Men jeg var også med til at gøre Fællesbordet til »en historie« for udvalget. Da jeg foreslog, at hver part skriver sin egen del af aftalen, var det også et forsøg på at give noget tilbage, som jeg har været med til at tage.

Poul sagde ingenting, da Fatima sagde fra i Nabohjælps lokale. Jeg tror, det var hans måde at give hende ordet på.`,
      links: [
        { target: { turn: ['d6', 3] }, quote: 'jeg vil ikke være gratis arbejdskraft' },
        { target: { note: 'n20' }, quote: 'Poul nikkede og sagde ingenting' },
        { target: { turn: ['d6', 8] }, comment: 'Mit eget forslag.' },
      ],
    },
    {
      key: 'r11',
      cycle: 'c3',
      phase: 'reflect',
      mode: 'aboutness',
      title: 'Fra projekt til praksis: tre betingelser',
      at: '2026-05-20T09:00:00Z',
      body: `Tre betingelser ser ud til at afgøre, om Fællesbordet kan leve videre som praksis:

1. **Finansieret adgang**: kørslen er betalt og relationel (samme chauffør).
2. **Fordelt værtskab**: nogen byder velkommen hver gang, og der er en afløser, når nogen er syge.
3. **Gensidige forpligtelser på skrift**: kommunen skriver sin egen del først og lover at spørge, før den lover noget udadtil.

Den stille morgen i april viser, at betingelse 2 endnu ikke er opfyldt.`,
      links: [
        { target: { entry: 'c3-act' }, quote: 'lover at spørge parterne, før vi lover noget til udvalget' },
        { target: { dialogue: 'd6' } },
        { target: { reflection: 'r09' } },
        { target: { note: 'n23' }, quote: 'Men jeg kan ikke gå fra disken.' },
      ],
    },
    {
      key: 'r12',
      cycle: 'c3',
      phase: 'reflect',
      mode: 'withness',
      title: 'Elses tale og min plads ved døren',
      at: '2026-05-21T18:00:00Z',
      body: `Sidste efterår var jeg besøget i Elses tomme kalender. Til hendes fødselsdag stod jeg ved døren med min notesbog, mens hun sagde, at hun nu skal sige nej tak til noget.

Jeg følte mig som en gæst, der var blevet for længe, og samtidig som en af dem. Måske er det netop det, det betyder at forske *indefra*: at mærke, hvornår ens tilstedeværelse er blevet en del af det, man undersøger, og at begynde at trække sig, så fællesskabet ikke afhænger af en, der skal skrive en artikel.

Hun sagde engang, at hun ikke er ensom, bare alene. I dag var hun ingen af delene.`,
      links: [
        { target: { note: 'n24' }, quote: 'følte mig pludselig som en gæst, der var blevet for længe' },
        { target: { reflection: 'r01' }, quote: 'Ikke forskeren, der kom for at indsamle data, men den, der ringede på døren den dag.' },
        { target: { turn: ['d2', 9] }, quote: 'Jeg er ikke ensom, jeg er bare alene.' },
      ],
    },
  ],
};
