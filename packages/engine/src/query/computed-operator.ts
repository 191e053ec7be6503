/** The new value an operator gives a field, from its current value (undefined if missing); undefined to leave it. */
export type ComputedOperator = (current: unknown, argument: unknown) => unknown;
