import { useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Phase } from '../../../../electron/api/schemas';
import type { Output } from '../../../../electron/api/contract';
import { useClient } from '../../api/ClientContext';
import { useQuery } from '../../api/useQuery';
import { ErrorMessage } from '../../components/ErrorMessage';
import { SaveStatus } from '../../components/SaveStatus';
import { useAutosave } from '../../components/useAutosave';
import { PHASES } from './cycleNames';
import { DraftOffer, useDraftOffer } from '../../components/DraftOffer';
import { defaultPrompts } from './prompts';
import './cycles.css';

type Project = Output<'projects:get'>;

/** The inquiry's own details and the guiding questions of each phase; everything saves as you type. */
export function SettingsScreen({ projectId }: { projectId: string }) {
  const { t } = useTranslation();
  const client = useClient();
  const project = useQuery(() => client.call('projects:get', { id: projectId }), [projectId]);
  const prompts = useQuery(() => client.call('phases:prompts', { project_id: projectId }), [projectId]);
  return (
    <div className="cycle-settings">
      <h1>{t('cycles.settings.title')}</h1>
      <p className="lede">{t('cycles.settings.intro')}</p>
      <ErrorMessage error={project.error ?? prompts.error} />
      {project.data && <ProjectDetails project={project.data} />}
      <section className="card" aria-labelledby="settings-prompts">
        <h2 id="settings-prompts">{t('cycles.settings.promptsHeading')}</h2>
        <p className="cycle__hint">{t('cycles.settings.promptsIntro')}</p>
        {prompts.data && (
          <div className="cycle-settings__prompts">
            {PHASES.map((phase) => (
              <PhasePromptsEditor key={phase} projectId={projectId} phase={phase} initial={prompts.data![phase]} />
            ))}
          </div>
        )}
      </section>
    </div>
  );
}

interface ProjectFields {
  title: string;
  concern: string;
  setting: string;
}

function ProjectDetails({ project }: { project: Project }) {
  const { t } = useTranslation();
  const client = useClient();
  const id = useId();
  const stored = { title: project.title, concern: project.concern, setting: project.setting };
  const [fields, setFields] = useState<ProjectFields>(stored);
  const draftKey = `project.${project.id}`;
  const draft = useDraftOffer(draftKey, stored);
  const autosave = useAutosave({
    value: fields,
    draftKey,
    save: async (value) => {
      await client.call('projects:update', { id: project.id, title: value.title, concern: value.concern, setting: value.setting });
    },
  });
  const set = (key: keyof ProjectFields) => (event: { target: { value: string } }) => setFields((old) => ({ ...old, [key]: event.target.value }));
  return (
    <section className="card" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{t('cycles.settings.projectHeading')}</h2>
      <DraftOffer offer={draft} onUse={setFields} />
      <div className="field cycle-settings__field">
        <label htmlFor={`${id}-title`}>{t('cycles.settings.projectTitle')}</label>
        <input id={`${id}-title`} value={fields.title} maxLength={500} required onChange={set('title')} onBlur={() => void autosave.flush()} />
      </div>
      <div className="field cycle-settings__field">
        <label htmlFor={`${id}-concern`}>{t('cycles.settings.concern')}</label>
        <textarea id={`${id}-concern`} rows={4} value={fields.concern} onChange={set('concern')} onBlur={() => void autosave.flush()} />
      </div>
      <div className="field cycle-settings__field">
        <label htmlFor={`${id}-setting`}>{t('cycles.settings.setting')}</label>
        <input
          id={`${id}-setting`}
          value={fields.setting}
          maxLength={2000}
          placeholder={t('cycles.settings.settingPlaceholder')}
          onChange={set('setting')}
          onBlur={() => void autosave.flush()}
        />
      </div>
      <SaveStatus status={autosave.status} error={autosave.error} />
    </section>
  );
}

const MAX_PROMPTS = 10;
const MAX_LENGTH = 300;

/** The questions a phase's lines stand for: trimmed, blank lines dropped, at most ten. */
function promptsOf(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length > 0)
    .slice(0, MAX_PROMPTS);
}

function PhasePromptsEditor({ projectId, phase, initial }: { projectId: string; phase: Phase; initial: string[] }) {
  const { t } = useTranslation();
  const client = useClient();
  const id = useId();
  const [text, setText] = useState(initial.join('\n'));
  const [notice, setNotice] = useState('');
  const editor = useRef<HTMLTextAreaElement>(null);
  const lines = text.split('\n').map((line) => line.trim()).filter(Boolean);
  const tooLong = lines.findIndex((line) => line.length > MAX_LENGTH);
  const autosave = useAutosave({
    value: text,
    draftKey: `prompts.${projectId}.${phase}`,
    save: async (value) => {
      await client.call('phases:setPrompts', { project_id: projectId, phase, prompts: promptsOf(value) });
    },
  });
  const phaseName = t(`phases.${phase}`);
  const custom = promptsOf(text);
  return (
    <div className={`cycle-settings__phase cycle-settings__phase--${phase}`}>
      <h3>{phaseName}</h3>
      <div className="field">
        <label htmlFor={`${id}-prompts`}>{t('cycles.settings.promptsLabel', { phase: phaseName })}</label>
        <textarea
          ref={editor}
          id={`${id}-prompts`}
          rows={5}
          value={text}
          placeholder={t('cycles.settings.promptsPlaceholder')}
          aria-describedby={`${id}-state`}
          onChange={(event) => {
            setText(event.target.value);
            setNotice('');
          }}
          onBlur={() => void autosave.flush()}
        />
      </div>
      <div id={`${id}-state`}>
        {custom.length === 0 ? (
          <div className="cycle-settings__defaults">
            {t('cycles.settings.usingDefaults')}
            <ul>
              {defaultPrompts(t, phase).map((question) => (
                <li key={question}>{question}</li>
              ))}
            </ul>
          </div>
        ) : (
          <p className="cycle-settings__defaults">{t('cycles.settings.usingCustom')}</p>
        )}
        {lines.length > MAX_PROMPTS && <p className="cycle-settings__problem">{t('cycles.settings.tooMany')}</p>}
        {tooLong >= 0 && <p className="cycle-settings__problem">{t('cycles.settings.tooLong', { n: tooLong + 1 })}</p>}
      </div>
      <SaveStatus status={autosave.status} error={autosave.error} />
      {custom.length > 0 && (
        <button
          type="button"
          className="button button--small"
          onClick={() => {
            setText('');
            editor.current?.focus();
            setNotice(t('cycles.settings.resetDone', { phase: phaseName }));
          }}
        >
          {t('cycles.settings.reset', { phase: phaseName })}
        </button>
      )}
      <p role="status" className="visually-hidden">
        {notice}
      </p>
    </div>
  );
}
