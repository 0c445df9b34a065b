/** Intents whose ends name nothing, whose port does not fit, or that check no flow (§4.1, §4.3). */
import { IntentEnds } from '../intents/resolve';
import type { ValidationContext } from './context';

export function checkIntents(ctx: ValidationContext): void {
  const intents = ctx.document.intents ?? [];
  if (intents.length === 0) return;
  const ends = new IntentEnds(ctx.document);
  intents.forEach((intent, i) => {
    for (const side of ['from', 'to'] as const) {
      const resolved = ends.resolve(intent[side], side);
      const path = `/intents/${i}/${side}`;
      if (resolved.kind === 'unknown') {
        ctx.report('INTENT_END_UNKNOWN', path, `intent ${i}: ${side}: ${resolved.message}`, {
          suggestion: `set ${path} to an instance, ENI, vSwitch, VPC or account ID of the document`,
        });
      } else if (resolved.end.group && resolved.end.endpoints.length === 0) {
        ctx.report(
          'INTENT_GROUP_EMPTY',
          path,
          `intent ${i}: ${side}: ${resolved.end.kind} ${intent[side]} has no instances`,
          {
            resourceId: intent[side],
          },
        );
      }
    }
    const tcpOrUdp = intent.protocol === 'tcp' || intent.protocol === 'udp';
    if (tcpOrUdp && (intent.port === undefined || intent.port < 1 || intent.port > 65535)) {
      ctx.report(
        'INTENT_PORT_INVALID',
        `/intents/${i}/port`,
        `intent ${i}: ${intent.protocol} needs a port 1-65535${intent.port === undefined ? '' : `, not ${intent.port}`}`,
        { suggestion: `set /intents/${i}/port to the destination port, e.g. 3306` },
      );
    } else if (!tcpOrUdp && intent.port !== undefined) {
      ctx.report('INTENT_PORT_INVALID', `/intents/${i}/port`, `intent ${i}: ${intent.protocol} takes no port`, {
        suggestion: `remove /intents/${i}/port`,
      });
    }
  });
}
