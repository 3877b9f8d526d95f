/** Mirrors CONFLICT_EVERY of the worker (labSession.ts), for the explanatory text. */
export const CONFLICT_EVERY_STEPS = 10;
