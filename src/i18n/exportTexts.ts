import type { Locale } from '../domain/case';
import type { ExportLabels } from '../domain/register/exportColumns';
import { exportDa } from './exportDa';
import { exportEn } from './exportEn';

export function exportLabels(locale: Locale): ExportLabels {
  return locale === 'en' ? exportEn : exportDa;
}
