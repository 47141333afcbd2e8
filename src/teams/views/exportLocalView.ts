import type { Locale } from '../../domain/case';
import { fill, registerTexts } from '../../i18n';
import { asPlainText } from './plainText';

/**
 * Local mode only (the Agents Playground draws no file consent card): the same offer as buttons, and
 * once accepted a link to download the file from this machine. `url` is only set when ready.
 */
export function exportLocalView(input: { locale: Locale; fileName: string; description: string; requestId: string } & ({ state: 'offered' } | { state: 'ready'; url: string; rows: number })) {
  const t = registerTexts(input.locale).export;
  return {
    t,
    title: fill(t.localTitle, { file: asPlainText(input.fileName) }),
    text: input.state === 'ready' ? fill(t.localReady, { file: asPlainText(input.fileName), rows: input.rows }) : asPlainText(input.description),
    note: t.localNote,
    offered: input.state === 'offered',
    ready: input.state === 'ready',
    requestId: input.requestId,
    url: input.state === 'ready' ? input.url : '',
  };
}
