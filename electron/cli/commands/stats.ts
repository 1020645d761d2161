import { z } from 'zod';
import * as render from '../render';
import { command, type RunContext } from './command';

/** The dashboard's own call: its sources table is one rule in the core, read here as the dashboard reads it. One month keeps its charts short. */
const dashboard = (ctx: RunContext) => ctx.call('stats.dashboard', { months: 1 });

export const statsCommands = [
  command({
    name: 'stats',
    summary: "The shop's headline numbers and email opt-in rate, as the dashboard shows them",
    flags: z.object({}),
    run: (ctx) => ctx.call('stats.get', {}),
    text: async (st, ctx) => render.statsText(st, await ctx.settings()),
  }),

  command({
    name: 'sources',
    summary: "Customers, revenue and repeat rate by where they came from: the dashboard's acquisition sources",
    flags: z.object({}),
    run: async (ctx) => (await dashboard(ctx)).bySource,
    text: async (rows, ctx) => render.sourcesTable(rows, await ctx.settings()),
  }),
];
