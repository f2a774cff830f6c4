/** The chronology events this module writes, with the names practitioners read. */
export const strategyEventKinds = {
  'strategy.held': 'Strategy discussion',
  'strategy.completed': 'Strategy discussion completed',
} as const satisfies Record<string, string>
