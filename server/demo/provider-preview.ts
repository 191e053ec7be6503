import type { SignedInUser } from '../auth/principal.js';
import type { Services } from '../services/index.js';

/**
 * Provider preview in the demo (docs/decisions/2026-12-07-provider-preview.md): the demo board previews
 * stories rated 4 or more for 2 working days, and two such stories are in preview. The demo staff
 * account has prepared a response to one and asked a moderator to look at the other again, so the
 * queue shows the request too. Fiction, like the rest.
 */
export async function seedProviderPreviewDemo(deps: {
  services: Services;
  /** The demo board: it previews stories rated 4 or more. */
  board: string;
  moderator: SignedInUser;
  staff: SignedInUser;
  source: string;
}): Promise<void> {
  const { services, board, moderator, staff, source } = deps;
  // Set after every other demo story is published, so only these two go through preview.
  await services.organisations.update(board, { previewCriticality: 4, previewWorkingDays: 2 });
  let sent = 0;
  const seriousStory = async (title: string, body: string, criticality: number) => {
    const { receipt } = await services.stories.submit(
      {
        title,
        body,
        nickname: 'Demo author',
        authorRole: 'relative',
        services: ['raigmore-hospital'],
        consent: true,
      },
      { clientAddress: `demo-preview-${sent++}`, source },
    );
    await services.moderation.act(receipt.id, { action: 'publish', criticality }, moderator);
    return receipt.id;
  };

  const bell = await seriousStory(
    'Nobody answered my mother’s call bell at night',
    'My mother rang her call bell for over an hour one night on the medical ward and nobody came. She was ' +
      'frightened and in pain. When a nurse finally arrived she said they were two staff short for the whole ward.',
    5,
  );
  await services.responses.respond(bell, staff, {
    body:
      'We are very sorry that your mother was left waiting and frightened. The ward manager would like to ' +
      'talk with you both: please contact our patient experience team. We are reviewing night staffing.',
  });

  const discharge = await seriousStory(
    'Sent home without the medicines my father needed',
    'My father was discharged late on a Friday without the tablets for his heart. The pharmacy had closed ' +
      'and it took us until Monday to get them. He was readmitted on the Sunday.',
    4,
  );
  await services.previews.requestReview(
    discharge,
    staff,
    'The story names the day and ward closely enough that the family could be identified; please check.',
  );
}
