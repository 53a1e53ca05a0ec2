import type { TFunction } from 'i18next';
import type { Phase } from '../../../../electron/api/schemas';

const DEFAULT_KEYS = {
  plan: ['plan1', 'plan2', 'plan3'],
  act: ['act1', 'act2'],
  observe: ['observe1', 'observe2'],
  reflect: ['reflect1', 'reflect2', 'reflect3'],
} as const;

/** The standard guiding questions of a phase, in the UI's language. */
export function defaultPrompts(t: TFunction, phase: Phase): string[] {
  return DEFAULT_KEYS[phase].map((key) => t(`cycles.defaultPrompts.${key}`));
}

/** A project's own questions for a phase, or the standard ones when it has none. */
export function effectivePrompts(t: TFunction, phase: Phase, custom: Partial<Record<Phase, string[]>> | undefined): string[] {
  const own = custom?.[phase] ?? [];
  return own.length > 0 ? own : defaultPrompts(t, phase);
}
