/**
 * Word lists for the generated inquiry: Danish (with æ, ø, å) and English, combined into sentences by
 * text.ts. Invented places and people; nothing here refers to real persons.
 */

// Danish compounds: prefix + suffix gives a few hundred realistic, searchable words (borgermøde, madfællesskab …).
export const DA_PREFIXES = [
  'borger', 'børne', 'ældre', 'sundheds', 'fritids', 'nabo', 'skole', 'by', 'kultur', 'frivillig', 'fælles', 'trivsels',
  'beskæftigelses', 'social', 'bolig', 'mad', 'læse', 'idræts', 'forenings', 'hverdags', 'familie', 'ungdoms', 'natur',
  'klima', 'lokal', 'samskabelses', 'nærheds', 'bevægelses', 'værested', 'sprog', 'kirke', 'handels', 'trafik', 'have',
] as const;
export const DA_SUFFIXES = [
  'møde', 'gruppe', 'område', 'indsats', 'fællesskab', 'hus', 'værksted', 'netværk', 'forløb', 'plan', 'rådgiver', 'center',
  'samarbejde', 'projekt', 'ordning', 'tilbud', 'kultur', 'liv', 'dag', 'café', 'strategi', 'udvalg', 'konsulent', 'budget',
  'evaluering', 'aftale', 'økonomi', 'tur', 'klub', 'rum',
] as const;

export const DA_SUBJECTS = [
  'Borgerne', 'De frivillige', 'Sagsbehandleren', 'Lederen af biblioteket', 'En ældre dame', 'Sundhedsplejersken', 'Vi', 'Hun',
  'Han', 'Gruppen', 'Teamet', 'Naboerne', 'De unge', 'Forældrene', 'Medarbejderne', 'Kommunen', 'Formanden', 'Pædagogen',
  'Købmanden', 'Præsten', 'Skolelederen', 'Hjemmehjælperen', 'Beboerne på Åhaven', 'Projektlederen', 'Følgeforskeren',
  'Konsulenten fra forvaltningen', 'Et par af de ældre mænd', 'Pigerne fra 8. klasse', 'Kassereren', 'Den nye kollega',
] as const;
export const DA_VERBS = [
  'fortalte om', 'talte om', 'diskuterede', 'foreslog', 'kritiserede', 'glædede sig over', 'var usikre på', 'spurgte til',
  'beskrev', 'planlagde', 'afprøvede', 'evaluerede', 'savnede', 'påpegede', 'undrede sig over', 'tog ansvar for',
  'var bekymrede for', 'fik øje på', 'efterlyste', 'støttede', 'genoptog', 'måtte udskyde', 'ville gerne udvide',
  'var trætte af', 'lo ad', 'tegnede et kort over', 'skrev en plan for', 'blev enige om', 'stillede spørgsmål ved', 'fejrede',
] as const;
export const DA_DETERMINERS = ['vores', 'deres', 'hele', 'næste', 'første', 'sidste', 'hendes', 'hans', 'kommunens', 'foreningens'] as const;
export const DA_PLACES = [
  'i beboerhuset', 'på biblioteket', 'ved skolen', 'i Søndervang', 'på torvet', 'i kantinen', 'over telefonen', 'på rådhuset',
  'i haven', 'ved busstoppestedet', 'på Ærøvej', 'i Østerby', 'på plejecentret Åbrinken', 'i Nørreå', 'ved Sølyst',
  'i idrætshallen', 'på stationen', 'i kirkens sognegård', 'hos købmanden', 'i fælleshuset på Møllevænget', 'ved åen',
  'på Grønnegården', 'i Kløverparken', 'på ungdomsskolen', 'i sundhedshuset', 'ved havnen i Strandby',
] as const;
export const DA_OPENERS = [
  'Bagefter', 'Til sidst', 'Om morgenen', 'Efter frokost', 'Senere på ugen', 'Igen', 'Først', 'I dag', 'I går', 'Allerede kl. 8',
  'Midt i mødet', 'Lige før vi gik', 'Under kaffen', 'På vej hjem', 'Som aftalt',
] as const;
export const DA_CLAUSES = [
  'fordi det var svært at få tid', 'selvom ingen havde bedt om det', 'og det gav en god stemning', 'men der var også frustration',
  'så vi aftalte at følge op', 'hvilket overraskede os', 'og flere nikkede', 'men ingen ville tage ordet bagefter',
  'selv om økonomien er stram', 'og det blev skrevet på tavlen', 'men tonen var venlig', 'og nogen foreslog at mødes igen',
  'fordi bussen kun kører to gange i timen', 'og kaffen var ved at løbe tør', 'så det må vi tale mere om',
] as const;

export const EN_SUBJECTS = [
  'The residents', 'The volunteers', 'The caseworker', 'The librarian', 'An older woman', 'The health visitor', 'We', 'She',
  'He', 'The group', 'The team', 'The neighbours', 'The young people', 'The parents', 'The staff', 'The municipality',
  'The chair of the association', 'The shopkeeper', 'The head teacher', 'The home carer', 'The project lead', 'The researcher',
  'A consultant from the administration', 'Two of the older men', 'The treasurer', 'A new colleague',
] as const;
export const EN_VERBS = [
  'talked about', 'discussed', 'proposed', 'criticised', 'welcomed', 'were unsure about', 'asked about', 'described', 'planned',
  'tried out', 'evaluated', 'missed', 'pointed out', 'wondered about', 'took responsibility for', 'worried about', 'noticed',
  'asked for', 'supported', 'returned to', 'had to postpone', 'wanted to extend', 'were tired of', 'laughed about',
  'drew a map of', 'wrote a plan for', 'agreed on', 'questioned', 'celebrated',
] as const;
export const EN_OBJECTS = [
  'the shared meals', 'the reading café', 'the volunteer network', 'the new bus route', 'the community garden', 'the budget',
  'the walking group', 'the homework club', 'the opening hours', 'the loneliness survey', 'the neighbourhood map',
  'the youth council', 'the partnership agreement', 'the evaluation', 'the co-creation workshop', 'the pilot', 'the funding',
  'the role of the municipality', 'the trust between partners', 'the waiting list', 'the care plan', 'the newsletter',
  'the repair café', 'the climate shelter', 'the food waste project', 'the mentoring scheme', 'the town hall meeting',
] as const;
export const EN_PLACES = [
  'at the community centre', 'in the library', 'near the school', 'in Søndervang', 'on the square', 'in the canteen',
  'over the phone', 'at the town hall', 'in the garden', 'at the bus stop', 'on Ærøvej', 'in Østerby', 'at the Åbrinken care home',
  'in Nørreå', 'by the harbour in Strandby', 'in the sports hall', 'at the station', 'in the parish hall', 'online',
] as const;
export const EN_OPENERS = [
  'Afterwards', 'In the end', 'In the morning', 'After lunch', 'Later that week', 'Again', 'First', 'Today', 'Yesterday',
  'Halfway through the meeting', 'Just before we left', 'Over coffee', 'On the way home', 'As agreed',
] as const;
export const EN_CLAUSES = [
  'because it was hard to find time', 'although nobody had asked for it', 'and the mood was good', 'but there was frustration too',
  'so we agreed to follow up', 'which surprised us', 'and several people nodded', 'but nobody wanted to speak afterwards',
  'even though money is tight', 'and it went up on the whiteboard', 'but the tone was friendly', 'and someone suggested meeting again',
  'because the bus only runs twice an hour', 'and the coffee was running out', 'so we need to talk about it more',
] as const;
export const EN_REFLECTIVE = [
  'I notice that I am speaking from within the relation rather than about it.', 'What moved me was not the argument but the silence after it.',
  'Perhaps the problem is not lack of information but lack of trust.', 'I was part of the situation, not an observer of it.',
  'Withness-thinking asks me to stay with the tension instead of resolving it.', 'The boundary between helping and deciding was blurred.',
  'I keep returning to how the residents described their own street.', 'Our plan assumed a kind of time that people do not have.',
] as const;
export const DA_REFLECTIVE = [
  'Jeg lægger mærke til, at jeg taler inde fra relationen og ikke om den.', 'Det, der rørte mig, var ikke argumentet, men stilheden bagefter.',
  'Måske er problemet ikke mangel på information, men mangel på tillid.', 'Jeg var en del af situationen, ikke en iagttager af den.',
  'Jeg bliver ved med at vende tilbage til, hvordan beboerne beskrev deres egen gade.', 'Vores plan forudsatte en slags tid, som folk ikke har.',
  'Grænsen mellem at hjælpe og at bestemme blev udvisket.', 'Hvad ville det betyde at lade borgerne sætte dagsordenen næste gang?',
] as const;

/** Themes that each cycle focuses on: frequent within their cycle, rare elsewhere (gives realistic rare search terms). */
export const THEMES = [
  'ensomhed', 'madspild', 'trafiksikkerhed', 'lektiecafé', 'klimaskur', 'bytteboder', 'demensvenlig', 'gåtur', 'seniordans',
  'ungeråd', 'affaldssortering', 'legeplads', 'nattevandring', 'sprogcafé', 'strikkeklub', 'cykelværksted', 'mentorordning',
  'fællesspisning', 'telefonkæde', 'bænkeprojekt', 'loneliness', 'foodbank', 'wayfinding', 'allotment', 'timebank', 'menshed',
  'befriending', 'storytelling', 'participatory', 'accessibility', 'stigma', 'reciprocity', 'belonging', 'wellbeing',
  'skateparken', 'havelodder', 'hjertestarter', 'vejfest', 'genbrugsbutik', 'køkkenhave', 'madpakker', 'busplan', 'høreapparat',
  'fodboldskole', 'lånecykler', 'værkstedsdag', 'søndagscafé', 'højskoleaften', 'bydelsmødre', 'ældrerådet',
] as const;

export const NOTE_TITLE_DA = ['Møde', 'Samtale', 'Besøg', 'Workshop', 'Telefonopkald', 'Observation', 'Rundgang', 'Kaffe', 'Opfølgning', 'Planlægning'] as const;
export const NOTE_TITLE_EN = ['Meeting', 'Conversation', 'Visit', 'Workshop', 'Phone call', 'Observation', 'Walkabout', 'Coffee', 'Follow-up', 'Planning'] as const;

export const FIRST_NAMES = [
  'Mette', 'Jørgen', 'Søren', 'Anne', 'Kirsten', 'Hanne', 'Lars', 'Jens', 'Peter', 'Bente', 'Lone', 'Henrik', 'Birgitte', 'Ulla',
  'Niels', 'Rasmus', 'Freja', 'Ida', 'Emma', 'Sofie', 'Mads', 'Frederik', 'Asger', 'Bjørn', 'Åse', 'Ærling', 'Signe', 'Lærke',
  'Malthe', 'Aksel', 'Karen', 'Inger', 'Poul', 'Ole', 'Grethe', 'Torben', 'Maja', 'Nanna', 'Ahmed', 'Fatima', 'Yusuf', 'Leila',
  'Piotr', 'Agnieszka', 'Tobias', 'Camilla', 'Oskar', 'Vibeke', 'Dorte', 'Kasper',
] as const;
export const LAST_NAMES = [
  'Hansen', 'Jensen', 'Nielsen', 'Pedersen', 'Andersen', 'Christensen', 'Larsen', 'Sørensen', 'Rasmussen', 'Jørgensen',
  'Petersen', 'Madsen', 'Kristensen', 'Olsen', 'Thomsen', 'Poulsen', 'Johansen', 'Møller', 'Mortensen', 'Knudsen', 'Østergaard',
  'Bæk', 'Aagaard', 'Kjær', 'Skovgaard', 'Holm', 'Dahl', 'Lund', 'Frølund', 'Brøndum', 'Nørgaard', 'Søgaard', 'Vestergaard',
] as const;

export const SECTORS = ['public', 'private', 'voluntary', 'citizen', 'researcher', 'other'] as const;
export type Sector = (typeof SECTORS)[number];
/** Share of stakeholders per sector. */
export const SECTOR_WEIGHTS = [30, 12, 16, 30, 4, 8] as const;
export const SECTOR_PSEUDONYM: Record<Sector, string> = {
  public: 'Medarbejder',
  private: 'Erhverv',
  voluntary: 'Frivillig',
  citizen: 'Borger',
  researcher: 'Forsker',
  other: 'Deltager',
};
export const ORGANISATIONS: Record<Sector, readonly string[]> = {
  public: ['Nørreå Kommune, Ældre og Sundhed', 'Nørreå Kommune, Børn og Unge', 'Jobcentret', 'Biblioteket', 'Plejecentret Åbrinken', 'Sundhedshuset'],
  private: ['Brugsen i Østerby', 'Strandby Taxa', 'Møllers Bageri', 'Boligselskabet Kløverly', 'Cykelsmeden', 'Café Åkanden'],
  voluntary: ['Nabohjælp Nørreå', 'Ældre Sagen Nørreå', 'Røde Kors', 'Idrætsforeningen Søndervang', 'Spejderne', 'Sognegården'],
  citizen: ['', 'Beboer i Søndervang', 'Beboer i Østerby', 'Beboer i Strandby', 'Pårørende'],
  researcher: ['Nørreå Professionshøjskole (fiktiv)', 'Universitetet (fiktivt)'],
  other: ['Lokalavisen', 'Regionen', 'Fonden for Fællesskab (fiktiv)'],
};
export const ROLES: Record<Sector, readonly string[]> = {
  public: ['Sagsbehandler', 'Afdelingsleder', 'Sundhedsplejerske', 'Bibliotekar', 'Hjemmehjælper', 'Konsulent', 'Pædagog'],
  private: ['Indehaver', 'Butiksleder', 'Chauffør', 'Ejendomsmester', 'Bager'],
  voluntary: ['Formand', 'Kasserer', 'Frivillig', 'Besøgsven', 'Træner'],
  citizen: ['Borger', 'Pensionist', 'Forælder', 'Ung', 'Nabo'],
  researcher: ['Følgeforsker', 'Ph.d.-studerende'],
  other: ['Journalist', 'Fondskonsulent', 'Regional koordinator'],
};

export const CODE_TREE: readonly { name: string; color: string; children: readonly string[] }[] = [
  { name: 'Tillid', color: '#2563eb', children: ['Mistillid', 'Gensidighed', 'Tillid til kommunen', 'Tillid mellem naboer'] },
  { name: 'Magt og indflydelse', color: '#7c3aed', children: ['Dagsorden', 'Hvem bestemmer', 'Stemmer der mangler', 'Ekspertviden'] },
  { name: 'Tid og rytme', color: '#db2777', children: ['Mangel på tid', 'Hverdagens rytme', 'Åbningstider', 'Tålmodighed'] },
  { name: 'Fællesskab', color: '#059669', children: ['Tilhørsforhold', 'Ensomhed', 'Mødesteder', 'Udenforskab'] },
  { name: 'Samskabelse', color: '#d97706', children: ['Roller', 'Ejerskab', 'Forhandling', 'Konflikt'] },
  { name: 'Ressourcer', color: '#0891b2', children: ['Økonomi', 'Frivillige timer', 'Lokaler', 'Transport'] },
  { name: 'Learning', color: '#65a30d', children: ['Surprise', 'Changing plans', 'Reflexivity', 'Withness'] },
  { name: 'Sprog og kommunikation', color: '#dc2626', children: ['Fagsprog', 'Oversættelse', 'Humor', 'Tavshed'] },
];

export const EMOJI = ['🙂', '☕', '🌱', '🚲', '📚'] as const;
