import { format, formatDistanceToNow, parseISO } from 'date-fns';
import { dateLocale } from './i18n';

/** Times are stored as UTC ISO text and shown in local time, in the UI's language. */
export function formatDate(iso: string, language: string): string {
  return format(parseISO(iso), 'PP', { locale: dateLocale(language) });
}

export function formatRelative(iso: string, language: string): string {
  return formatDistanceToNow(parseISO(iso), { addSuffix: true, locale: dateLocale(language) });
}

export function formatDateTime(iso: string, language: string): string {
  return format(parseISO(iso), 'PPp', { locale: dateLocale(language) });
}
