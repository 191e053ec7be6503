/** The four kinds of account (issue: accounts and roles), stored on each user. */
export const roles = ['admin', 'moderator', 'staff', 'stakeholder'] as const;
export type Role = (typeof roles)[number];
