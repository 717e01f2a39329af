// The console channel's public pieces.
export type {
  ConsoleClock,
  ConsoleContact,
  ConsoleDeps,
  ContactGroup,
  InboxItem,
  SweepCounts,
} from './deps.ts';
export { renderCard, renderReply } from './render.ts';
export { consoleRoutes } from './route.ts';
