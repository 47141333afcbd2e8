/** What the Adaptive Cards library (the renderer the Playground and Teams web build on) says is wrong with a card. */
// The UMD build: the package's ESM entry does not resolve under Node's CommonJS loader.
// eslint-disable-next-line @typescript-eslint/no-var-requires
const AC = require('adaptivecards/dist/adaptivecards.js');

/** Teams' chart elements (schema 1.5) are unknown to the library: accepted only because they carry a fallback. */
const CHART_FALLBACK = /^Unknown element type "Chart\.(VerticalBar|Donut|Gauge)"\. Fallback will be used if present\.$/;

export function cardProblems(card: object, opts: { maxActions?: number; charts?: boolean } = {}): string[] {
  const parsed = new AC.AdaptiveCard();
  if (opts.maxActions !== undefined) parsed.hostConfig = new AC.HostConfig({ actions: { maxActions: opts.maxActions } });
  const context = new AC.SerializationContext();
  parsed.parse(card, context);
  const problems: string[] = [];
  for (let i = 0; i < context.eventCount; i++) problems.push(context.getEventAt(i).message);
  for (const event of parsed.validateProperties().validationEvents) problems.push(event.message);
  return opts.charts ? problems.filter((p) => !CHART_FALLBACK.test(p)) : problems;
}
