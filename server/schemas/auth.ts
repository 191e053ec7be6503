/** `GET /auth/providers`: the ways staff can sign in here, for the sign-in view. */
export const signInOptionsSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['localPasswords', 'providers'],
  properties: {
    localPasswords: {
      type: 'boolean',
      description: 'Whether the email-and-password form is offered (`POST /sessions` refuses when not).',
    },
    providers: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'name', 'startUrl'],
        properties: {
          id: { type: 'string' },
          name: { type: 'string', description: 'Shown as "Sign in with <name>".' },
          startUrl: {
            type: 'string',
            format: 'uri',
            description:
              'Open in a popup with `?mode=popup&origin=<page origin>` (the session comes back by postMessage to that origin, if a board allows it), or navigate with `?mode=redirect&return=<path>`.',
          },
        },
      },
    },
  },
} as const;
