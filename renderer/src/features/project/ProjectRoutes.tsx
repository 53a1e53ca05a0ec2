import { Route, Switch } from 'wouter';
import { CodesScreen } from '../codes/CodesScreen';
import { CycleScreen } from '../cycles/CycleScreen';
import { SettingsScreen } from '../cycles/SettingsScreen';
import { DialogueScreen } from '../dialogues/DialogueScreen';
import { DialoguesScreen } from '../dialogues/DialoguesScreen';
import { ExportScreen } from '../exports/ExportScreen';
import { TrashScreen } from '../history/TrashScreen';
import { NoteScreen } from '../notes/NoteScreen';
import { NotesScreen } from '../notes/NotesScreen';
import { OverviewScreen } from '../overview/OverviewScreen';
import { parseMatch } from '../events/openAtMatch';
import { ReflectionScreen } from '../reflections/ReflectionScreen';
import { SearchScreen } from '../search/SearchScreen';
import { ReflectionsScreen } from '../reflections/ReflectionsScreen';
import { ConsentRegisterScreen } from '../consent/ConsentRegisterScreen';
import { StakeholderScreen } from '../stakeholders/StakeholderScreen';
import { StakeholdersScreen } from '../stakeholders/StakeholdersScreen';
import { TeamScreen } from '../team/TeamScreen';
import { TimelineScreen } from '../timeline/TimelineScreen';

/**
 * Every screen inside an inquiry, by address. Events open at these paths (see events/eventHref.ts); a trailing
 * `/match/START-END` opens one at a search match (events/openAtMatch.ts).
 */
export function ProjectRoutes({ projectId }: { projectId: string }) {
  const base = `/projects/${projectId}`;
  return (
    <Switch>
      <Route path={`${base}/cycles/:cycleId/entries/:entryId/match/:range`}>
        {(p) => <CycleScreen projectId={projectId} cycleId={p.cycleId} entryId={p.entryId} match={parseMatch(p.range)} />}
      </Route>
      <Route path={`${base}/cycles/:cycleId/entries/:entryId`}>
        {(p) => <CycleScreen projectId={projectId} cycleId={p.cycleId} entryId={p.entryId} />}
      </Route>
      <Route path={`${base}/cycles/:cycleId`}>{(p) => <CycleScreen projectId={projectId} cycleId={p.cycleId} />}</Route>
      <Route path={`${base}/notes/:noteId/match/:range`}>
        {(p) => <NoteScreen key={p.noteId} projectId={projectId} noteId={p.noteId} match={parseMatch(p.range)} />}
      </Route>
      <Route path={`${base}/notes/:noteId`}>{(p) => <NoteScreen key={p.noteId} projectId={projectId} noteId={p.noteId} />}</Route>
      <Route path={`${base}/notes`}>
        <NotesScreen projectId={projectId} />
      </Route>
      <Route path={`${base}/dialogues/:dialogueId/turns/:turnId/match/:range`}>
        {(p) => <DialogueScreen projectId={projectId} dialogueId={p.dialogueId} turnId={p.turnId} match={parseMatch(p.range)} />}
      </Route>
      <Route path={`${base}/dialogues/:dialogueId/turns/:turnId`}>
        {(p) => <DialogueScreen projectId={projectId} dialogueId={p.dialogueId} turnId={p.turnId} />}
      </Route>
      <Route path={`${base}/dialogues/:dialogueId`}>
        {(p) => <DialogueScreen key={p.dialogueId} projectId={projectId} dialogueId={p.dialogueId} />}
      </Route>
      <Route path={`${base}/dialogues`}>
        <DialoguesScreen projectId={projectId} />
      </Route>
      <Route path={`${base}/stakeholders/consent-register`}>
        <ConsentRegisterScreen projectId={projectId} />
      </Route>
      <Route path={`${base}/stakeholders/:stakeholderId`}>
        {(p) => <StakeholderScreen key={p.stakeholderId} projectId={projectId} stakeholderId={p.stakeholderId} />}
      </Route>
      <Route path={`${base}/stakeholders`}>
        <StakeholdersScreen projectId={projectId} />
      </Route>
      <Route path={`${base}/reflections/:reflectionId/match/:range`}>
        {(p) => <ReflectionScreen key={p.reflectionId} projectId={projectId} reflectionId={p.reflectionId} match={parseMatch(p.range)} />}
      </Route>
      <Route path={`${base}/reflections/:reflectionId`}>
        {(p) => <ReflectionScreen key={p.reflectionId} projectId={projectId} reflectionId={p.reflectionId} />}
      </Route>
      <Route path={`${base}/reflections`}>
        <ReflectionsScreen projectId={projectId} />
      </Route>
      <Route path={`${base}/timeline`}>
        <TimelineScreen projectId={projectId} />
      </Route>
      <Route path={`${base}/search`}>
        <SearchScreen projectId={projectId} />
      </Route>
      <Route path={`${base}/codes`}>
        <CodesScreen projectId={projectId} />
      </Route>
      <Route path={`${base}/export`}>
        <ExportScreen projectId={projectId} />
      </Route>
      <Route path={`${base}/trash`}>
        <TrashScreen projectId={projectId} />
      </Route>
      <Route path={`${base}/team`}>
        <TeamScreen projectId={projectId} />
      </Route>
      <Route path={`${base}/settings`}>
        <SettingsScreen projectId={projectId} />
      </Route>
      <Route>
        <OverviewScreen projectId={projectId} />
      </Route>
    </Switch>
  );
}
