/**
 * The problem types of two-step sign-in, which the widget recognises (widget/admin/api.ts repeats
 * them: it imports no server code).
 */

/** 401 to `POST /sessions`: the password was right; send a code with the `challenge` to /sessions/second-factor. */
export const secondFactorRequiredType = 'urn:careloop:problem:second-factor-required';

/** 403 to any other route from a session that must set up two-step sign-in first. */
export const secondFactorEnrolmentRequiredType = 'urn:careloop:problem:second-factor-enrolment-required';
