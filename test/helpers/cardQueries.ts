/** Reading Adaptive Cards the way a person would: their texts, their inputs, their buttons. */

/** Every text, title, value and label in a card, one per line. */
export function cardText(card: any): string {
  const out: string[] = [];
  const walk = (n: any) => {
    if (Array.isArray(n)) return n.forEach(walk);
    if (n && typeof n === 'object') {
      for (const key of ['text', 'title', 'value', 'label']) if (typeof n[key] === 'string') out.push(n[key]);
      Object.values(n).forEach(walk);
    }
  };
  walk(card);
  return out.join('\n');
}

/** The first node anywhere in the card that matches. */
function find(card: any, match: (n: any) => boolean): any {
  let found: any;
  const walk = (n: any) => {
    if (found !== undefined) return;
    if (Array.isArray(n)) return n.forEach(walk);
    if (n && typeof n === 'object') {
      if (match(n)) found = n;
      else Object.values(n).forEach(walk);
    }
  };
  walk(card);
  return found;
}

export function findInput(card: any, id: string): any {
  return find(card, (n) => n.id === id && typeof n.type === 'string' && n.type.startsWith('Input.'));
}

export function inputValue(card: any, id: string): any {
  return findInput(card, id)?.value;
}

/** The data of the button with this verb (Action.Execute `verb`, or Action.Submit `data.verb`), also inside sub-cards. */
export function actionData(card: any, verb: string): any {
  return find(card, (n) => (n.type === 'Action.Execute' && n.verb === verb) || (n.type === 'Action.Submit' && n.data?.verb === verb))?.data;
}

/** The card attached to an activity the bot sent. */
export function cardOf(activity: any): any {
  return activity?.attachments?.[0]?.content;
}
