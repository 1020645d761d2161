import { z } from 'zod';
import * as render from '../render';
import { command } from './command';

export const statsCommands = [
  command({
    name: 'stats',
    summary: "The shop's headline numbers",
    flags: z.object({}),
    run: (ctx) => ctx.call('stats.get', {}),
    text: async (st, ctx) => render.statsText(st, await ctx.settings()),
  }),
];
